use super::*;

fn store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(Some(dir.path())).unwrap();
    (dir, store)
}

#[test]
fn missing_file_is_a_fresh_start() {
    let (_dir, store) = store();
    assert_eq!(
        store.load(),
        Loaded {
            progress: Progress::default(),
            warning: None,
            blocked: None,
        }
    );
}

#[test]
fn save_then_load_round_trips() {
    let (_dir, store) = store();
    let mut p = Progress::default();
    p.modules.insert(
        "intro".into(),
        ModuleProgress {
            scroll: 12,
            width: 80,
            total_lines: 40,
            read: true,
            ..Default::default()
        },
    );
    p.exercises_done.insert("ex1".into());
    p.last_module = Some("intro".into());
    let written = store.update(|d| *d = p.clone()).unwrap();
    let loaded = store.load();
    p.version = FORMAT_VERSION;
    assert_eq!(written, p);
    assert_eq!(
        loaded,
        Loaded {
            progress: p,
            warning: None,
            blocked: None,
        }
    );
}

#[test]
fn truncated_file_is_kept_as_backup_with_a_warning() {
    let (dir, store) = store();
    std::fs::write(store.path(), b"{\"modules\": {\"intro\": {\"scr").unwrap();
    let loaded = store.load();
    assert_eq!(loaded.progress, Progress::default());
    let warning = loaded.warning.unwrap();
    assert!(
        warning.starts_with("fichier de progression corrompu (fichier tronqué"),
        "{warning}"
    );
    let backup = dir.path().join("progress.json.bak");
    assert_eq!(
        std::fs::read(&backup).unwrap(),
        b"{\"modules\": {\"intro\": {\"scr"
    );
    // A second corruption never overwrites the first backup.
    std::fs::write(store.path(), b"garbage").unwrap();
    let _ = store.load();
    assert_eq!(
        std::fs::read(dir.path().join("progress.json.bak.2")).unwrap(),
        b"garbage"
    );
    assert_eq!(
        std::fs::read(&backup).unwrap(),
        b"{\"modules\": {\"intro\": {\"scr"
    );
}

#[test]
fn save_leaves_no_temporary_file() {
    let (dir, store) = store();
    store.update(|_| ()).unwrap();
    let mut names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    names.sort();
    assert_eq!(
        names,
        vec![
            std::ffi::OsString::from("progress.json"),
            std::ffi::OsString::from(LOCK_NAME)
        ]
    );
}

#[test]
fn fraction_and_quiz_state() {
    let m = ModuleProgress {
        scroll: 25,
        width: 80,
        total_lines: 100,
        read: false,
        ..Default::default()
    };
    assert_eq!(m.fraction(), 0.25);
    let mut p = Progress::default();
    assert!(!p.quiz_passed());
    p.attempts.push(AttemptRecord {
        score_percent: 70.0,
        ..Default::default()
    });
    p.attempts.push(AttemptRecord {
        score_percent: 90.0,
        passed: true,
        ..Default::default()
    });
    assert!(p.quiz_passed());
    assert_eq!(p.best_score(), Some(90.0));
}

#[test]
fn formats_dates() {
    assert_eq!(rfc3339_utc(0), "1970-01-01T00:00:00Z");
    assert_eq!(rfc3339_utc(1_614_265_330), "2021-02-25T15:02:10Z");
    assert_eq!(rfc3339_utc(951_782_400), "2000-02-29T00:00:00Z");
}

#[test]
fn rescale_keeps_the_proportion() {
    let cases = [
        ((0, 100, 200), 0),
        ((50, 100, 200), 100),
        ((33, 100, 50), 17),
        ((10, 0, 50), 0),
        ((99, 100, 1), 1),
    ];
    for ((line, from, to), want) in cases {
        assert_eq!(
            rescale(line, from, to),
            want,
            "rescale({line}, {from}, {to})"
        );
    }
}

#[test]
fn scroll_at_same_width_is_unchanged_and_clamped() {
    let m = ModuleProgress {
        scroll: 40,
        width: 80,
        total_lines: 100,
        read: false,
        ..Default::default()
    };
    assert_eq!(m.scroll_at(80, 100), 40);
    assert_eq!(m.scroll_at(80, 30), 29);
    assert_eq!(m.scroll_at(40, 200), 80);
    assert_eq!(m.scroll_at(40, 0), 0);
}

#[test]
fn reaching_the_end_marks_read_once() {
    let mut p = Progress::default();
    assert!(!p.record_position("m", 0, 80, 100, 20));
    assert!(!p.modules["m"].read);
    assert!(p.record_position("m", 80, 80, 100, 20));
    assert!(!p.record_position("m", 10, 80, 100, 20));
    assert_eq!(
        p.modules["m"],
        ModuleProgress {
            scroll: 10,
            width: 80,
            total_lines: 100,
            read: true,
            furthest: Some(80),
            ..Default::default()
        }
    );
}

#[test]
fn going_back_keeps_the_furthest_position_and_the_percentage() {
    let mut p = Progress::default();
    p.record_position("m", 60, 80, 200, 20);
    p.record_position("m", 0, 80, 200, 20);
    let m = &p.modules["m"];
    assert_eq!((m.scroll, m.furthest, m.fraction()), (0, Some(60), 0.3));
    // Another width: the furthest line is carried over in proportion.
    p.record_position("m", 10, 40, 400, 20);
    let m = &p.modules["m"];
    assert_eq!((m.scroll, m.furthest, m.fraction()), (10, Some(120), 0.3));
}

#[test]
fn an_older_file_s_scroll_counts_as_both_positions() {
    let json =
        r#"{"version":1,"modules":{"m":{"scroll":50,"width":80,"total_lines":100,"read":false}}}"#;
    let mut p: Progress = serde_json::from_str(json).unwrap();
    let m = &p.modules["m"];
    assert_eq!((m.scroll, m.furthest_line(), m.fraction()), (50, 50, 0.5));
    p.record_position("m", 0, 80, 100, 20);
    let m = &p.modules["m"];
    assert_eq!((m.scroll, m.furthest, m.fraction()), (0, Some(50), 0.5));
    let saved = serde_json::to_string(&p).unwrap();
    assert!(
        saved.contains(r#""scroll":0"#) && saved.contains(r#""furthest":50"#),
        "{saved}"
    );
}

#[test]
fn exercises_are_set_not_toggled() {
    let mut p = Progress::default();
    p.set_exercise("x", true);
    p.set_exercise("x", true);
    assert!(p.exercises_done.contains("x"));
    p.set_exercise("x", false);
    assert!(p.exercises_done.is_empty());
}

#[test]
fn an_attempt_held_by_a_running_process_is_not_for_resuming() {
    let mine = SavedAttempt {
        owner: Some(std::process::id()),
        ..SavedAttempt::default()
    };
    assert!(!mine.held_by_another_process());
    assert!(!SavedAttempt::default().held_by_another_process());
    let mut running = std::process::Command::new("sleep")
        .arg("30")
        .spawn()
        .expect("sleep runs");
    let held = SavedAttempt {
        owner: Some(running.id()),
        ..SavedAttempt::default()
    };
    assert!(held.held_by_another_process());
    running.kill().unwrap();
    running.wait().unwrap();
    // Killed (and reaped): its attempt is free to resume.
    assert!(!held.held_by_another_process());
}
