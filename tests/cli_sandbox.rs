//! `sandbox --scenario NAME --plain`: exit codes (0 accepted, 1 rejected, 2 bad usage) and
//! the key lines of each trace.

use assert_cmd::Command;
use predicates::prelude::*;

fn sandbox(args: &[&str]) -> assert_cmd::assert::Assert {
    Command::cargo_bin("webhook-tutor")
        .unwrap()
        .arg("sandbox")
        .args(args)
        .env("NO_COLOR", "1")
        .assert()
}

#[test]
fn valid_is_accepted_with_exit_0() {
    sandbox(&["--scenario", "valid", "--plain"])
        .code(0)
        .stdout(predicate::str::starts_with(
            "Bac à sable Svix — scénario « valid » : requête valide\n",
        ))
        .stdout(predicate::str::contains(
            "  secret de l'endpoint : whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw\n",
        ))
        .stdout(predicate::str::contains(
            "    svix-id: msg_p5jXN8AQM9LWM0D4loKWxJek\n",
        ))
        .stdout(predicate::str::is_match(r"\n    svix-signature: v1,[A-Za-z0-9+/]{43}=\n").unwrap())
        .stdout(predicate::str::contains(
            "  ✓ fraîcheur : envoyé à l'instant (tolérance : ± 300 s)\n",
        ))
        .stdout(predicate::str::contains(
            "Verdict : ✓ ACCEPTÉ — la signature n° 1 correspond",
        ));
}

#[test]
fn rotation_is_accepted_on_the_second_signature() {
    sandbox(&["--scenario", "rotation", "--plain"])
        .code(0)
        .stdout(predicate::str::contains("  ✗ signature [1] : "))
        .stdout(predicate::str::contains("  ✓ signature [2] : "))
        .stdout(predicate::str::contains(
            "Verdict : ✓ ACCEPTÉ — la signature n° 2 correspond",
        ));
}

#[test]
fn rejected_scenarios_exit_1_with_their_reason() {
    let cases = [
        (
            "tampered-body",
            "aucune signature ne correspond (1 entrée v1 essayée, aucune ignorée)",
        ),
        ("reserialized", "aucune signature ne correspond"),
        ("wrong-secret", "aucune signature ne correspond"),
        (
            "replay",
            "horodatage trop ancien : 600 s dans le passé (tolérance : 300 s)",
        ),
        (
            "future",
            "horodatage dans le futur : 600 s en avance (tolérance : 300 s)",
        ),
        ("missing-header", "en-tête « svix-signature » manquant"),
    ];
    for (name, reason) in cases {
        sandbox(&["--scenario", name, "--plain"])
            .code(1)
            .stdout(predicate::str::contains(format!("scénario « {name} »")))
            .stdout(predicate::str::contains("  Cause : "))
            .stdout(predicate::str::contains("  Correctif : "))
            .stdout(predicate::str::contains(format!(
                "Verdict : ✗ REJETÉ — {reason}"
            )));
    }
}

#[test]
fn tampered_body_shows_where_the_body_differs() {
    sandbox(&[
        "--scenario",
        "tampered-body",
        "--plain",
        "--event",
        "user.deleted",
    ])
    .code(1)
    .stdout(predicate::str::contains("exemple user.deleted"))
    .stdout(predicate::str::contains(
        "  différence : corps reçu différent à partir de l'octet ",
    ))
    .stdout(predicate::str::contains("  Dans cette trace : octet n° "));
}

#[test]
fn missing_header_names_the_missing_header() {
    sandbox(&["--scenario", "missing-header", "--plain"])
        .code(1)
        .stdout(predicate::str::contains(
            "  différence : en-tête svix-signature absent à la réception\n",
        ))
        .stdout(predicate::str::contains(
            "  ✗ en-tête svix-signature : en-tête « svix-signature » manquant",
        ));
}

#[test]
fn unknown_scenario_lists_the_names_with_exit_2() {
    sandbox(&["--scenario", "tampered", "--plain"])
        .code(2)
        .stdout("")
        .stderr(
            "erreur : scénario inconnu 'tampered' — choisissez parmi : valid, tampered-body, \
             reserialized, replay, future, wrong-secret, rotation, missing-header\n",
        );
}

#[test]
fn plain_without_scenario_is_bad_usage() {
    sandbox(&["--plain"])
        .code(2)
        .stderr(predicate::str::starts_with(
            "erreur : --plain demande un scénario : ajoutez --scenario NOM",
        ))
        .stderr(predicate::str::contains(
            "webhook-tutor sandbox --scenario replay --plain",
        ));
}

#[test]
fn unknown_event_lists_the_samples_with_exit_2() {
    sandbox(&["--scenario", "valid", "--plain", "--event", "user.banned"])
        .code(2)
        .stderr(predicate::str::starts_with(
            "erreur : événement inconnu 'user.banned' pour --event — choisissez parmi : user.created, ",
        ));
}

#[test]
fn every_sample_traces() {
    // session.ended has no \u escape: JSON.stringify gives back its exact bytes.
    for (event, code) in [
        ("user.created", 1),
        ("session.ended", 0),
        ("organizationMembership.created", 1),
    ] {
        sandbox(&["--scenario", "reserialized", "--plain", "--event", event])
            .code(code)
            .stdout(predicate::str::contains(format!("exemple {event} (")));
    }
}
