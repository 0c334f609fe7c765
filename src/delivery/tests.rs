use std::time::Duration;

use super::*;
use crate::webhook::{Headers, Secret, verify};

const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const NOW: i64 = 1_764_321_600;

#[test]
fn schedule_has_eight_attempts_over_27_h_35_min_5_s() {
    assert_eq!(RETRY_SCHEDULE.len(), 8);
    assert_eq!(ATTEMPTS, 8);
    let secs: Vec<u64> = RETRY_SCHEDULE.iter().map(Duration::as_secs).collect();
    assert_eq!(secs, [0, 5, 300, 1800, 7200, 18000, 36000, 36000]);
    assert_eq!(total_span(), Duration::from_secs(27 * 3600 + 35 * 60 + 5));
    assert_eq!(format_duration(total_span()), "27 h 35 min 5 s");
}

#[test]
fn svix_example_three_failures_then_success_is_35_min_5_s() {
    assert_eq!(elapsed_at(4), Some(Duration::from_secs(35 * 60 + 5)));
    assert_eq!(elapsed_at(1), Some(Duration::ZERO));
    assert_eq!(elapsed_at(8), Some(total_span()));
    assert_eq!(elapsed_at(0), None);
    assert_eq!(elapsed_at(9), None);
}

#[test]
fn delays_and_labels_per_attempt() {
    assert_eq!(delay_before(0), None);
    assert_eq!(delay_before(1), Some(Duration::ZERO));
    assert_eq!(delay_before(2), Some(Duration::from_secs(5)));
    assert_eq!(delay_before(9), None);
    let labels: Vec<String> = (1..=9).map(schedule_label).collect();
    assert_eq!(
        labels,
        [
            "immédiatement",
            "+5 s",
            "+5 min",
            "+30 min",
            "+2 h",
            "+5 h",
            "+10 h",
            "+10 h",
            ""
        ]
    );
}

#[test]
fn format_duration_drops_zero_parts() {
    assert_eq!(format_duration(Duration::ZERO), "0 s");
    assert_eq!(format_duration(Duration::from_millis(999)), "0 s");
    assert_eq!(format_duration(Duration::from_secs(3600)), "1 h");
    assert_eq!(format_duration(Duration::from_secs(3605)), "1 h 5 s");
    assert_eq!(format_duration(Duration::from_secs(61)), "1 min 1 s");
}

fn diag(status: u16) -> Diagnosis {
    Diagnosis::of(ResponseOutcome::Status(status))
}

#[test]
fn diagnosis_2xx_is_accepted() {
    for status in [200, 201, 204, 299] {
        assert_eq!(diag(status), Diagnosis::Accepted { status });
        assert!(diag(status).is_success());
    }
    assert_eq!(
        diag(204).headline(),
        "✓ accepté (204) : Svix considérerait la livraison réussie et arrêterait les relances"
    );
    assert_eq!(diag(204).code(), "accepted");
}

#[test]
fn diagnosis_3xx_is_a_failed_redirect() {
    for status in [301, 302, 307, 308] {
        assert_eq!(diag(status), Diagnosis::Redirect { status });
        assert!(!diag(status).is_success());
    }
    assert!(diag(308).advice()[0].contains("www contre domaine nu"));
}

#[test]
fn diagnosis_401_403_point_at_the_middleware() {
    assert_eq!(diag(401), Diagnosis::Unauthorized { status: 401 });
    assert_eq!(diag(403), Diagnosis::Unauthorized { status: 403 });
    assert_eq!(
        diag(401).advice()[0],
        "Les webhooks n'ont aucune session : un middleware d'authentification bloque la route. Avec l'ancien authMiddleware (qui répond 401), ajoutez '/api/webhooks(.*)' à ses publicRoutes."
    );
    assert!(
        diag(401).advice()[1]
            .starts_with("Avec clerkMiddleware et auth.protect(), une route bloquée répond 404")
    );
    assert_eq!(diag(403).code(), "unauthorized");
}

#[test]
fn diagnosis_404_mentions_path_and_auth_protect() {
    assert_eq!(diag(404), Diagnosis::NotFound);
    assert!(diag(404).advice()[1].contains("auth.protect()"));
}

#[test]
fn diagnosis_405_asks_for_a_post_handler() {
    assert_eq!(diag(405), Diagnosis::MethodNotAllowed);
    assert!(diag(405).advice()[0].contains("export async function POST"));
}

#[test]
fn diagnosis_400_is_the_signature_check() {
    assert_eq!(diag(400), Diagnosis::SignatureRejected);
    assert_eq!(diag(400).code(), "signature_rejected");
    let advice = diag(400).advice();
    assert!(advice[0].contains("CLERK_WEBHOOK_SIGNING_SECRET"));
    assert!(advice[1].contains("corps brut"));
    assert_eq!(
        diag(400).headline(),
        "✗ rejeté (400) : votre endpoint a rejeté la requête (souvent la signature)"
    );
}

#[test]
fn diagnosis_timeout_sends_slow_work_to_a_queue() {
    assert_eq!(
        Diagnosis::of(ResponseOutcome::Timeout).advice()[0],
        "Répondez vite : confiez le travail lent (e-mails, appels externes) à une file de tâches. Fait après la réponse, il n'aurait plus aucune relance derrière lui, et un hébergeur serverless peut geler la fonction dès la réponse envoyée."
    );
}

#[test]
fn diagnosis_413_is_too_large() {
    assert_eq!(diag(413), Diagnosis::PayloadTooLarge);
    assert_eq!(
        diag(413).headline(),
        "✗ corps trop gros (413) : l'endpoint a refusé le corps"
    );
}

#[test]
fn diagnosis_other_4xx() {
    assert_eq!(diag(409), Diagnosis::OtherClientError { status: 409 });
    assert_eq!(diag(422), Diagnosis::OtherClientError { status: 422 });
    assert_eq!(diag(402), Diagnosis::OtherClientError { status: 402 });
}

#[test]
fn diagnosis_5xx_is_a_handler_failure_that_svix_retries() {
    assert_eq!(diag(500), Diagnosis::ServerError { status: 500 });
    assert_eq!(diag(503), Diagnosis::ServerError { status: 503 });
    assert_eq!(
        diag(500).headline(),
        "✗ erreur serveur (500) : votre handler a échoué"
    );
    assert!(diag(500).advice()[1].starts_with("Svix relancerait"));
}

#[test]
fn diagnosis_unexpected_codes() {
    assert_eq!(diag(101), Diagnosis::Unexpected { status: 101 });
    assert_eq!(diag(600), Diagnosis::Unexpected { status: 600 });
    assert!(!diag(600).is_success());
}

#[test]
fn diagnosis_timeout_is_a_failure_at_15_s() {
    let d = Diagnosis::of(ResponseOutcome::Timeout);
    assert_eq!(d, Diagnosis::Timeout);
    assert!(!d.is_success());
    assert_eq!(
        d.headline(),
        "✗ pas de réponse en 15 s : Svix abandonne la tentative et la compte comme un échec"
    );
}

#[test]
fn seen_ids_flags_duplicates_and_forgets_the_oldest() {
    let mut seen = SeenIds::new(2);
    assert!(seen.insert("msg_a"));
    assert!(!seen.insert("msg_a"));
    assert!(seen.insert("msg_b"));
    assert!(seen.insert("msg_c"));
    assert_eq!(seen.len(), 2);
    assert!(!seen.contains("msg_a"));
    assert!(seen.insert("msg_a"));
    assert!(!seen.insert("msg_c"));
    assert!(SeenIds::new(0).insert("x"));
}

fn secret() -> Secret {
    Secret::parse(SECRET).unwrap()
}

fn check(delivery: &Delivery) -> Result<(), &'static str> {
    let mut headers = Headers::new();
    for (name, value) in delivery.headers() {
        headers.append(name, value);
    }
    verify(&secret(), &headers, &delivery.body, NOW)
        .map(|_| ())
        .map_err(|e| e.code())
}

#[test]
fn signed_delivery_verifies_and_carries_svix_headers() {
    let d = Delivery::signed(&secret(), "msg_1", NOW, b"{\"type\":\"user.created\"}");
    assert_eq!(check(&d), Ok(()));
    let names: Vec<&str> = d.headers().iter().map(|(n, _)| *n).collect();
    assert_eq!(
        names,
        [
            "svix-id",
            "svix-timestamp",
            "svix-signature",
            "content-type",
            "user-agent"
        ]
    );
    assert!(USER_AGENT.starts_with("Svix-Webhooks/1.x (webhook-tutor/"));
}

#[test]
fn every_tamper_kind_is_rejected_with_its_expected_code() {
    let body = crate::samples::find("user.created")
        .unwrap()
        .body
        .as_bytes();
    for kind in TamperKind::ALL {
        let d = kind.apply(&secret(), "msg_tamper", NOW, body);
        assert_eq!(check(&d), Err(kind.expected_code()), "{}", kind.name());
        assert_eq!(d.msg_id, "msg_tamper");
        assert!(d.note.is_some());
    }
}

#[test]
fn tampered_body_changes_exactly_one_byte_and_stays_utf8() {
    let body = b"{\"id\":\"user_29w\"}";
    let d = TamperKind::Body.apply(&secret(), "msg_1", NOW, body);
    let diffs: Vec<usize> = (0..body.len()).filter(|&i| body[i] != d.body[i]).collect();
    assert_eq!(diffs, [14]);
    assert_eq!(d.body, b"{\"id\":\"user_29x\"}");
    assert_eq!(
        d.note.as_deref(),
        Some("octet n° 14 du corps changé de « w » en « x » après la signature")
    );
    let empty = TamperKind::Body.apply(&secret(), "msg_1", NOW, b"");
    assert_eq!(empty.body, b" ");
}

#[test]
fn tamper_details() {
    let body = b"{}";
    let ts = TamperKind::Timestamp.apply(&secret(), "m", NOW, body);
    assert_eq!(ts.timestamp, NOW - 600);
    let missing = TamperKind::MissingHeader.apply(&secret(), "m", NOW, body);
    assert_eq!(missing.signature, None);
    let forged = TamperKind::Signature.apply(&secret(), "m", NOW, body);
    let genuine = Delivery::signed(&secret(), "m", NOW, body);
    let (f, g) = (forged.signature.unwrap(), genuine.signature.unwrap());
    assert_eq!(f.len(), g.len());
    assert_eq!(f[4..], g[4..]);
    assert_ne!(f, g);
    let names: Vec<&str> = TamperKind::ALL.iter().map(|k| k.name()).collect();
    assert_eq!(
        names,
        ["body", "signature", "secret", "timestamp", "missing-header"]
    );
}

#[test]
fn excerpt_is_one_printable_line() {
    assert_eq!(excerpt(b"abc", 300), "abc");
    assert_eq!(excerpt(b"a\nb\r\tc", 300), "a\\nb\\r\\tc");
    assert_eq!(excerpt(b"abcdef", 3), "abc…");
    assert_eq!(excerpt(&[0x66, 0xff, 0x67], 10), "f\u{fffd}g");
    assert_eq!(excerpt("éàü".as_bytes(), 2), "éà…");
    assert_eq!(excerpt(b"\x1b[31m", 10), "\\u{1b}[31m");
    assert_eq!(excerpt(b"", 10), "");
}
