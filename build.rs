//! Embeds the course: every file under content/ and quizzes/ becomes a
//! `(relative path, contents)` entry in `$OUT_DIR/embedded_course.rs`, so the binary
//! runs anywhere after `cargo install` and an instructor's new file needs no code change.
//! Under content/lab/ (the lab's starter projects) every file is embedded, whatever its
//! extension, except what `npm install` or a run leaves there (node_modules, databases).

// Cargo reads a build script's standard output: println! is the protocol here.
#![allow(clippy::disallowed_macros)]

use std::fmt::Write as _;
use std::path::Path;
use std::{env, fs};

fn main() {
    let root = env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let mut files = Vec::new();
    for dir in ["content", "quizzes"] {
        println!("cargo:rerun-if-changed={dir}");
        collect(Path::new(&root), Path::new(dir), &mut files);
    }
    files.sort();
    let mut out = String::from("pub static FILES: &[(&str, &[u8])] = &[\n");
    for rel in &files {
        let abs = Path::new(&root).join(rel);
        writeln!(
            out,
            "    ({rel:?}, include_bytes!({:?})),",
            abs.display().to_string()
        )
        .unwrap();
    }
    out.push_str("];\n");
    let dest =
        Path::new(&env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("embedded_course.rs");
    fs::write(dest, out).expect("write embedded_course.rs");
}

fn collect(root: &Path, rel: &Path, files: &mut Vec<String>) {
    let Ok(entries) = fs::read_dir(root.join(rel)) else {
        return;
    };
    for entry in entries.flatten() {
        let path = rel.join(entry.file_name());
        let name = path.to_string_lossy().replace('\\', "/");
        let in_lab = name.starts_with("content/lab/");
        if in_lab && (name.ends_with("/node_modules") || name.contains(".db")) {
            continue;
        }
        if entry.file_type().is_ok_and(|t| t.is_dir()) {
            println!("cargo:rerun-if-changed={name}");
            collect(root, &path, files);
        } else if in_lab || name.ends_with(".md") || name.ends_with(".toml") {
            files.push(name);
        }
    }
}
