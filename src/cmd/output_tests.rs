use std::io;

use anyhow::Context as _;

use super::*;

fn failed(kind: io::ErrorKind) -> anyhow::Error {
    let err = stdout_failed(io::Error::from(kind));
    Err::<(), _>(err)
        .context("impossible d'afficher le résultat")
        .unwrap_err()
}

#[test]
fn a_broken_pipe_on_stdout_is_found_under_any_context() {
    assert!(is_broken_pipe(&failed(io::ErrorKind::BrokenPipe)));
    assert!(!is_broken_pipe(&failed(io::ErrorKind::StorageFull)));
    // A broken pipe elsewhere (a network socket) is a real error.
    let socket = anyhow::Error::new(io::Error::from(io::ErrorKind::BrokenPipe));
    assert!(!is_broken_pipe(&socket));
}

#[test]
fn other_failures_read_in_french_with_the_causes_joined() {
    let err = failed(io::ErrorKind::StorageFull);
    assert_eq!(
        error_message(&err),
        "erreur : impossible d'afficher le résultat : impossible d'écrire sur la sortie standard (plus de place sur le disque) ; vérifiez la place libre et la destination de la redirection"
    );
    let enospc = stdout_failed(io::Error::from_raw_os_error(28));
    assert_eq!(
        enospc.to_string(),
        "impossible d'écrire sur la sortie standard (plus de place sur le disque) ; vérifiez la place libre et la destination de la redirection"
    );
    // Marking twice keeps one layer.
    assert_eq!(
        stdout_failed(enospc).to_string().matches("sortie").count(),
        1
    );
}

#[test]
fn a_context_repeating_its_cause_is_said_once() {
    let err = anyhow::anyhow!("fichier introuvable").context("lecture : fichier introuvable");
    assert_eq!(
        error_message(&err),
        "erreur : lecture : fichier introuvable"
    );
}

#[test]
fn library_errors_under_a_context_reach_the_user_in_french() {
    let io = anyhow::Error::new(io::Error::from_raw_os_error(2)).context("lecture de « a.md »");
    assert_eq!(
        error_message(&io),
        "erreur : lecture de « a.md » : fichier introuvable"
    );
    let json = serde_json::from_str::<serde_json::Value>("{").unwrap_err();
    let json = anyhow::Error::new(json).context("sérialisation");
    assert_eq!(
        error_message(&json),
        "erreur : sérialisation : fin du texte au milieu d'un objet { … } (ligne 1, colonne 1)"
    );
    let toml = toml::from_str::<toml::Table>("a = ").unwrap_err();
    let toml = anyhow::Error::new(toml).context("course.toml");
    assert_eq!(
        error_message(&toml),
        "erreur : course.toml : une valeur texte doit être entre guillemets"
    );
    let text = error_message(&anyhow::Error::new(rusqlite::Error::QueryReturnedNoRows));
    assert_eq!(text, "erreur : aucune ligne trouvée");
}
