use super::super::AttemptRecord;
use super::*;

fn store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(Some(dir.path())).unwrap();
    (dir, store)
}

fn attempt(seed: u64) -> AttemptRecord {
    AttemptRecord {
        seed,
        ..AttemptRecord::default()
    }
}

#[test]
fn update_merges_what_another_process_saved_meanwhile() {
    let (dir, mine) = store();
    let theirs = Store::open(Some(dir.path())).unwrap();
    // Both start from the same file; each then records only its own change.
    mine.update(|p| p.set_exercise("a", true)).unwrap();
    theirs.update(|p| p.add_attempt(attempt(7))).unwrap();
    let merged = mine
        .update(|p| {
            p.record_position("intro", 3, 80, 100, 20);
        })
        .unwrap();
    assert_eq!(merged.attempts, vec![attempt(7)]);
    assert!(merged.exercises_done.contains("a"));
    assert_eq!(merged.modules["intro"].scroll, 3);
    assert_eq!(mine.load().progress, merged);
}

#[test]
fn concurrent_threads_never_lose_an_update() {
    let (dir, _) = store();
    let workers: Vec<_> = (0..8)
        .map(|i| {
            let store = Store::open(Some(dir.path())).unwrap();
            std::thread::Builder::new()
                .spawn(move || {
                    for j in 0..10 {
                        store
                            .update(|p| p.add_attempt(attempt(i * 100 + j)))
                            .unwrap();
                    }
                })
                .unwrap()
        })
        .collect();
    for w in workers {
        w.join().unwrap();
    }
    let store = Store::open(Some(dir.path())).unwrap();
    let mut seeds: Vec<u64> = store
        .load()
        .progress
        .attempts
        .iter()
        .map(|a| a.seed)
        .collect();
    seeds.sort_unstable();
    let want: Vec<u64> = (0..8)
        .flat_map(|i| (0..10).map(move |j| i * 100 + j))
        .collect();
    assert_eq!(seeds, want);
}

#[test]
fn unknown_fields_are_kept_at_every_level() {
    let (_dir, store) = store();
    let file = r#"{"version": 1, "theme": {"dark": true},
        "modules": {"intro": {"scroll": 2, "bookmark": 9}},
        "attempts": [{"seed": 5, "duration_s": 61,
            "answers": [{"question_id": "q", "hint_used": true}],
            "objectives": [{"id": "o", "weight": 2}]}]}"#;
    std::fs::write(store.path(), file).unwrap();
    let saved = store.update(|p| p.set_exercise("x", true)).unwrap();
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(store.path()).unwrap()).unwrap();
    assert_eq!(json["theme"], serde_json::json!({"dark": true}));
    assert_eq!(json["modules"]["intro"]["bookmark"], 9);
    assert_eq!(json["attempts"][0]["duration_s"], 61);
    assert_eq!(json["attempts"][0]["answers"][0]["hint_used"], true);
    assert_eq!(json["attempts"][0]["objectives"][0]["weight"], 2);
    assert_eq!(json["exercises_done"], serde_json::json!(["x"]));
    assert_eq!(saved.modules["intro"].other["bookmark"], 9);
}

#[test]
fn a_newer_format_is_refused_and_kept_byte_for_byte() {
    let (_dir, store) = store();
    // A later layout may change a field's type: the version alone decides.
    let file = br#"{"version": 2, "attempts": {"by_date": []}}"#;
    std::fs::write(store.path(), file).unwrap();
    let loaded = store.load();
    let want = StoreError::NewerVersion {
        path: store.path().display().to_string(),
        found: 2,
    };
    assert_eq!(loaded.blocked, Some(want.clone()));
    assert_eq!(loaded.warning, Some(want.to_string()));
    assert_eq!(
        store.update(|p| p.set_exercise("x", true)),
        Err(want.clone())
    );
    assert_eq!(std::fs::read(store.path()).unwrap(), file);
    assert!(want.to_string().starts_with(&format!(
        "la progression '{}' est au format 2, plus récent que celui de cette version du programme (1)",
        store.path().display()
    )));
}

#[test]
fn a_directory_fifo_or_symlink_loop_is_unreadable_kept_and_blocks_saving() {
    type Make = fn(&Path);
    let cases: [(&str, Make); 3] = [
        ("c'est un dossier, pas un fichier", |p| {
            std::fs::create_dir(p).unwrap()
        }),
        (
            "c'est un tube nommé (FIFO), pas un fichier ordinaire",
            |p| {
                let ok = std::process::Command::new("mkfifo")
                    .arg(p)
                    .status()
                    .unwrap();
                assert!(ok.success(), "mkfifo failed");
            },
        ),
        ("boucle de liens symboliques", |p| {
            std::os::unix::fs::symlink(p, p).unwrap();
        }),
    ];
    for (reason, make) in cases {
        let (_dir, store) = store();
        make(store.path());
        let want = StoreError::Unreadable {
            path: store.path().display().to_string(),
            reason: reason.to_string(),
        };
        // Returns at once: a FIFO with no writer never blocks the open.
        assert_eq!(store.load().blocked, Some(want.clone()), "{reason}");
        assert_eq!(store.update(|p| p.set_exercise("x", true)), Err(want));
        let meta = std::fs::symlink_metadata(store.path()).unwrap();
        assert!(!meta.file_type().is_file(), "{reason}: replaced by a file");
    }
}

#[test]
fn a_corrupt_file_changed_under_us_is_moved_aside_before_the_merge() {
    let (dir, store) = store();
    std::fs::write(store.path(), b"{\"attempts\": [").unwrap();
    let saved = store.update(|p| p.add_attempt(attempt(1))).unwrap();
    assert_eq!(saved.attempts, vec![attempt(1)]);
    assert_eq!(
        std::fs::read(dir.path().join("progress.json.bak")).unwrap(),
        b"{\"attempts\": ["
    );
}

#[test]
fn stale_temporary_files_of_our_naming_are_removed_on_the_next_write() {
    let (dir, store) = store();
    let stale = dir.path().join(".progress.json.4242.tmp");
    let foreign = dir.path().join(".progress.json.notes.tmp");
    std::fs::write(&stale, b"half").unwrap();
    std::fs::write(&foreign, b"mine").unwrap();
    store.check_writable().unwrap();
    assert!(!stale.exists());
    assert_eq!(std::fs::read(&foreign).unwrap(), b"mine");
}

#[test]
fn a_symlinked_progress_file_is_written_through_to_its_target() {
    let (dir, store) = store();
    let target = dir.path().join("synced.json");
    std::fs::write(&target, b"{}").unwrap();
    std::os::unix::fs::symlink("synced.json", store.path()).unwrap();
    store.update(|p| p.set_exercise("x", true)).unwrap();
    assert!(
        std::fs::symlink_metadata(store.path())
            .unwrap()
            .file_type()
            .is_symlink()
    );
    let json: serde_json::Value = serde_json::from_slice(&std::fs::read(&target).unwrap()).unwrap();
    assert_eq!(json["exercises_done"], serde_json::json!(["x"]));
}

#[test]
fn a_data_folder_under_a_file_is_reported_before_any_work() {
    let (dir, _) = store();
    let file = dir.path().join("plain-file");
    std::fs::write(&file, b"").unwrap();
    let store = Store::open(Some(&file.join("data"))).unwrap();
    let loaded = store.load_for_writing();
    assert_eq!(
        loaded.blocked,
        Some(StoreError::Unreadable {
            path: store.path().display().to_string(),
            reason: "un élément du chemin n'est pas un dossier".into(),
        })
    );
}

#[test]
fn read_only_errors_are_lasting_and_io_errors_are_not() {
    let ro = StoreError::ReadOnly {
        dir: "/d".into(),
        reason: "permission refusée".into(),
    };
    assert!(ro.is_lasting());
    assert_eq!(
        ro.short(),
        "enregistrement désactivé : dossier de données en lecture seule (permission refusée)"
    );
    let io = StoreError::Io {
        path: "/d/progress.json".into(),
        reason: "plus de place sur le disque".into(),
    };
    assert!(!io.is_lasting());
    assert_eq!(
        io.to_string(),
        "impossible d'enregistrer la progression dans '/d/progress.json' : plus de place sur le disque"
    );
}
