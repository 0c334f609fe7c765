//! Class 9 of shared/reliability.md through the real binary: ports, widths, counts and
//! timeouts are checked where they are parsed, with the range in the French message,
//! and a number too large for its type is « hors limites », never « pas un entier ».
//! Also `send --timeout N` names one limit throughout (issue 14).

use std::io::Read as _;
use std::net::TcpListener;
use std::time::Duration;

use assert_cmd::Command;

const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const HINT: &str = "\n  essayez 'webhook-tutor --help' pour la liste des commandes et options.\n";

fn tutor() -> Command {
    let mut cmd = Command::cargo_bin("webhook-tutor").unwrap();
    cmd.env_remove("WEBHOOK_TUTOR_COURSE")
        .env_remove("WEBHOOK_TUTOR_DATA")
        .env_remove("WEBHOOK_TUTOR_RETRY_PAUSE_MS")
        .timeout(Duration::from_secs(30));
    cmd
}

#[test]
fn a_url_port_out_of_range_is_refused_before_anything_is_sent() {
    for (url, port) in [
        ("http://127.0.0.1:99999/", "99999"),
        ("http://127.0.0.1:0/api", "0"),
        ("http://[::1]:65536/", "65536"),
        ("https://user@example.test:123456/", "123456"),
    ] {
        tutor()
            .args(["send", url, "--secret", SECRET])
            .assert()
            .code(2)
            .stdout("")
            .stderr(format!(
                "erreur : URL invalide « {url} » : le port « {port} » est hors limites ; attendu : un port de 1 à 65535 (exemple : http://localhost:3000/api/webhooks)\n"
            ));
    }
    // grade checks the endpoint URL the same way, before any request.
    tutor()
        .args(["grade", "http://127.0.0.1:99999/", "--secret", SECRET])
        .assert()
        .code(2)
        .stdout("")
        .stderr(
            "erreur : URL « http://127.0.0.1:99999/ » : le port « 99999 » est hors limites — attendu un nombre de 1 à 65535\n",
        );
}

#[test]
fn option_values_out_of_range_name_the_range() {
    let cases: [(&[&str], &str, &str, &str); 13] = [
        (
            &["read", "0", "--width", "0"],
            "0",
            "--width <N>",
            "hors limites ; attendu : un entier de 1 à 1000 colonnes",
        ),
        (
            &[
                "grade",
                "http://127.0.0.1:3000/",
                "--secret",
                SECRET,
                "--timeout",
                "0",
            ],
            "0",
            "--timeout <SECONDES>",
            "hors limites ; attendu : un entier de 1 à 600 s",
        ),
        (
            &[
                "grade",
                "http://127.0.0.1:3000/",
                "--secret",
                SECRET,
                "--timeout",
                "9999",
            ],
            "9999",
            "--timeout <SECONDES>",
            "hors limites ; attendu : un entier de 1 à 600 s",
        ),
        (
            &["listen", "--port", "70000"],
            "70000",
            "--port <PORT>",
            "hors limites ; attendu : un entier de 0 à 65535",
        ),
        (
            &["listen", "--max-requests", "0"],
            "0",
            "--max-requests <N>",
            "hors limites ; attendu : un entier de 1 à 1000000000",
        ),
        (
            &["render", "--width", "0", "README.md"],
            "0",
            "--width <N>",
            "hors limites ; attendu : un entier de 1 à 1000 colonnes",
        ),
        (
            &["render", "--width", "99999", "README.md"],
            "99999",
            "--width <N>",
            "hors limites ; attendu : un entier de 1 à 1000 colonnes",
        ),
        (
            &["send", "http://x/", "--secret", SECRET, "--timeout", "0"],
            "0",
            "--timeout <SECONDES>",
            "hors limites ; attendu : un entier de 1 à 600 s",
        ),
        (
            &["send", "http://x/", "--secret", SECRET, "--timeout", "abc"],
            "abc",
            "--timeout <SECONDES>",
            "ce n'est pas un nombre entier ; attendu : un entier de 1 à 600 s",
        ),
        (
            &[
                "send",
                "http://x/",
                "--secret",
                SECRET,
                "--retry",
                "--retry-pause",
                "60001",
            ],
            "60001",
            "--retry-pause <MS>",
            "hors limites ; attendu : un entier de 0 à 60000 ms",
        ),
        (
            &["quiz", "--seed", "99999999999999999999999"],
            "99999999999999999999999",
            "--seed <N>",
            "hors limites ; attendu : un entier de 0 à 18446744073709551615",
        ),
        (
            &[
                "sign",
                "--secret",
                SECRET,
                "--timestamp",
                "99999999999999999999",
            ],
            "99999999999999999999",
            "--timestamp <UNIX>",
            "hors limites ; attendu : un entier de -9223372036854775808 à 9223372036854775807 s",
        ),
        (
            &["verify", "--secret", SECRET, "--tolerance=-1"],
            "-1",
            "--tolerance <SECONDES>",
            "hors limites ; attendu : un entier de 0 à 31536000 s",
        ),
    ];
    for (args, value, arg, why) in cases {
        tutor()
            .args(args)
            .assert()
            .code(2)
            .stdout("")
            .stderr(format!(
                "erreur : valeur invalide '{value}' pour '{arg}' : {why}{HINT}"
            ));
    }
}

#[test]
fn a_repeated_option_is_said_so() {
    tutor()
        .args(["listen", "--port", "1", "--port", "2"])
        .assert()
        .code(2)
        .stderr(format!(
            "erreur : '--port <PORT>' est donné deux fois : gardez-en un seul{HINT}"
        ));
}

#[test]
fn a_twenty_digit_timestamp_header_is_out_of_range_not_a_non_integer() {
    tutor()
        .args(["verify", "--secret", SECRET, "--id", "msg_1"])
        .args(["--timestamp", "99999999999999999999", "--signature", "v1,AAAA"])
        .args(["--payload", "/dev/null", "--now", "1"])
        .assert()
        .code(1)
        .stdout(
            "✗ signature rejetée : horodatage hors limites : « 99999999999999999999 » dépasse le plus grand horodatage possible (9223372036854775807) — l'en-tête contient l'heure d'envoi en secondes Unix, 10 chiffres aujourd'hui (exemple : 1614265330)\n",
        );
}

#[test]
fn send_timeout_names_the_same_limit_in_the_response_and_the_diagnosis() {
    // Accepts, reads the request, never answers.
    let server = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/api/webhooks", server.local_addr().unwrap());
    let stall = std::thread::Builder::new()
        .name("stalling-endpoint".into())
        .spawn(move || {
            let (mut conn, _) = server.accept().unwrap();
            let mut buf = [0; 4096];
            while conn.read(&mut buf).is_ok_and(|n| n > 0) {}
        })
        .unwrap();
    let a = tutor()
        .args(["send", &url, "--secret", SECRET, "--timeout", "1"])
        .assert()
        .code(1);
    let out = String::from_utf8_lossy(&a.get_output().stdout).into_owned();
    let lines: Vec<&str> = out.lines().collect();
    assert!(
        lines.contains(&"← aucune réponse en 1 s (délai dépassé)"),
        "{out}"
    );
    assert!(
        lines.contains(&"✗ pas de réponse en 1 s (--timeout 1) : Svix attend jusqu'à 15 s avant de compter un échec ; relancez sans --timeout pour en juger comme lui"),
        "{out}"
    );
    assert!(!out.contains("ms (délai"), "{out}");
    assert!(!out.contains("en 15 s :"), "{out}");
    drop(stall);
}
