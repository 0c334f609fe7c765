use super::*;

#[test]
fn temp_names_of_ours_are_recognised_and_nothing_else() {
    assert!(is_temp_of(".progress.json.123.tmp", "progress.json"));
    assert!(!is_temp_of(".progress.json..tmp", "progress.json"));
    assert!(!is_temp_of(".progress.json.12a.tmp", "progress.json"));
    assert!(!is_temp_of("progress.json.123.tmp", "progress.json"));
    assert!(!is_temp_of(".other.json.123.tmp", "progress.json"));
    let tmp = temp_path(Path::new("/d/progress.json"));
    let name = tmp.file_name().unwrap().to_string_lossy().into_owned();
    assert_eq!(name, format!(".progress.json.{}.tmp", std::process::id()));
    assert!(is_temp_of(&name, "progress.json"));
}

#[test]
fn read_regular_refuses_what_is_not_a_small_regular_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("f");
    std::fs::write(&file, b"12345").unwrap();
    assert_eq!(read_regular(&file, 5).unwrap(), b"12345");
    let reason = |r: io::Result<Vec<u8>>| io_reason(&r.unwrap_err());
    assert_eq!(
        reason(read_regular(&file, 4)),
        "fichier trop gros (plus de 4\u{a0}octets)"
    );
    assert_eq!(
        reason(read_regular(dir.path(), 4)),
        "c'est un dossier, pas un fichier"
    );
    assert_eq!(
        reason(read_regular(Path::new("/dev/null"), 4)),
        "c'est un périphérique, pas un fichier ordinaire"
    );
    assert_eq!(
        reason(read_regular(&dir.path().join("absent"), 4)),
        "fichier introuvable"
    );
    let looped = dir.path().join("loop");
    std::os::unix::fs::symlink(&looped, &looped).unwrap();
    assert_eq!(
        reason(read_regular(&looped, 4)),
        "boucle de liens symboliques"
    );
}

#[test]
fn write_atomically_follows_symlinks_and_refuses_special_files() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("real.csv");
    let link = dir.path().join("link.csv");
    std::os::unix::fs::symlink("real.csv", &link).unwrap();
    write_atomically(&link, b"a,b\n").unwrap();
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(std::fs::read(&target).unwrap(), b"a,b\n");
    let err = write_atomically(Path::new("/dev/null"), b"x").unwrap_err();
    assert_eq!(
        io_reason(&err),
        "c'est un périphérique, pas un fichier ordinaire : refusé, il ne sera pas remplacé"
    );
    let err = write_atomically(dir.path(), b"x").unwrap_err();
    assert_eq!(
        io_reason(&err),
        "c'est un dossier, pas un fichier : refusé, il ne sera pas remplacé"
    );
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 2, "no temporary file left: {names:?}");
}

#[test]
fn the_temporary_file_is_removed_when_the_rename_fails() {
    let dir = tempfile::tempdir().unwrap();
    // A directory appears under the name after the type check: rename fails.
    let err = write_atomically(&dir.path().join("missing/sub/x"), b"x").unwrap_err();
    assert_eq!(io_reason(&err), "fichier introuvable");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn sizes_read_in_french_units() {
    assert_eq!(human_size(64 << 20), "64\u{a0}Mio");
    assert_eq!(human_size(512 << 10), "512\u{a0}Kio");
    assert_eq!(human_size(100), "100\u{a0}octets");
}
