//! Class 1 of shared/reliability.md for the tests: a stdout that is a full disk or a pipe
//! whose reader left, and what a command must then do (a French error and 2, or a quiet 0).

use std::process::{Output, Stdio};

/// The French message every command ends with on a full stdout.
pub const FULL: &str = "impossible d'écrire sur la sortie standard (plus de place sur le disque) ; vérifiez la place libre et la destination de la redirection\n";

/// Where stdout goes for one run: `/dev/full`, or a pipe whose reader already left.
pub fn full_or_closed(full: bool) -> Stdio {
    if full {
        std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .expect("/dev/full is needed to simulate a full disk")
            .into()
    } else {
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        writer.into()
    }
}

/// A full disk: exit 2 and [`FULL`] last on stderr. A reader that left: exit 0, nothing
/// on stderr.
pub fn assert_full_or_quiet(out: &Output, full: bool) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    if full {
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(stderr.ends_with(FULL), "{stderr}");
    } else {
        assert_eq!(out.status.code(), Some(0), "{stderr}");
        assert_eq!(stderr, "");
    }
}
