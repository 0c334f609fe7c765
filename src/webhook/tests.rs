//! Unit and property tests of the webhook core; known-answer vectors live in
//! tests/webhook_vectors.rs.

use proptest::prelude::*;

use super::*;

const ID: &str = "msg_p5jXN8AQM9LWM0D4loKWxJek";
const TS: i64 = 1614265330;
const BODY: &[u8] = br#"{"test": 2432232314}"#;
const SIG: &str = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

fn secret() -> Secret {
    Secret::parse("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").expect("canonical secret")
}

#[test]
fn signed_content_and_mac_details() {
    let d = sign_detailed(&secret(), ID, TS, BODY);
    assert_eq!(
        d.content.to_bytes(),
        br#"msg_p5jXN8AQM9LWM0D4loKWxJek.1614265330.{"test": 2432232314}"#
    );
    assert_eq!(d.content.len(), d.content.to_bytes().len());
    assert_eq!(d.entry(), SIG);
    assert_eq!(
        d.mac_hex(),
        "83484cf52b04f8e4cf2531adfed9882ad4b2665137b852442d594d20e2c9d4e1"
    );
    assert_eq!(compute_mac(&secret(), ID, TS, BODY), d.mac);
    // Non-UTF-8 bodies sign fine; only verification refuses them.
    assert_eq!(sign(&secret(), ID, TS, b"\xff").len(), 47);
}

#[test]
fn stack_timestamp_formatting_matches_to_string() {
    for ts in [0, 1, -1, 9, 10, TS, i64::MAX, i64::MIN] {
        let d = sign_detailed(&secret(), ID, ts, BODY);
        assert_eq!(d.content.timestamp, ts.to_string());
        assert_eq!(compute_mac(&secret(), ID, ts, BODY), d.mac, "{ts}");
    }
}

#[test]
fn header_lines_parse_and_resolve() {
    let mut h = Headers::new();
    h.append_line("Svix-Id:  msg_1 ").expect("valid line");
    h.append_line("webhook-id: msg_2").expect("valid line");
    assert_eq!(
        h.resolve(HeaderField::Id),
        Some((HeaderSource::Svix, "msg_1"))
    );
    assert_eq!(h.get("SVIX-ID"), Some("msg_1"));
    assert_eq!(
        parse_header_line("svix-id msg_1"),
        Err(HeaderLineError::MissingColon {
            line: "svix-id msg_1".into()
        })
    );
    assert_eq!(
        parse_header_line("svix id: x"),
        Err(HeaderLineError::InvalidName {
            line: "svix id: x".into()
        })
    );
    assert_eq!(parse_header_line("a:"), Ok(("a".into(), String::new())));
    assert_eq!(h.len(), 2);
}

#[test]
fn explanation_of_a_rotation_header() {
    let header = format!("v1a,abc {SIG} nocomma  v1,short");
    let headers = Headers::new()
        .with("svix-id", ID)
        .with("webhook-timestamp", TS.to_string())
        .with("svix-signature", header);
    let e = explain(&secret(), &headers, BODY, TimestampPolicy::at(TS + 12));
    assert_eq!(e.result.as_ref().map(|v| v.matched_index), Ok(1));
    assert_eq!(e.timestamp.name_used(), Some("webhook-timestamp"));
    let outcomes: Vec<_> = e.entries.iter().map(|c| c.outcome.clone()).collect();
    assert_eq!(
        outcomes,
        vec![
            EntryOutcome::VersionIgnored {
                version: "v1a".into()
            },
            EntryOutcome::Matched,
            EntryOutcome::Malformed(MalformedEntry::NoComma),
            EntryOutcome::Malformed(MalformedEntry::Empty),
            EntryOutcome::Mismatch(MismatchKind::WrongLength {
                len: 5,
                expected: 44
            }),
        ]
    );
    assert_eq!(
        e.to_lines(),
        vec![
            "1. En-têtes (svix-* d'abord, sinon webhook-*) :",
            "   svix-id         = msg_p5jXN8AQM9LWM0D4loKWxJek",
            "   svix-timestamp  = 1614265330 (lu dans webhook-timestamp)",
            &format!("   svix-signature  = v1a,abc {SIG} nocomma  v1,short"),
            "2. Horodatage : 1614265330, il y a 12 s (tolérance : ± 300 s) → OK",
            "3. Corps : 20 octets, UTF-8 valide",
            "4. Clé : 24 octets décodés du base64 (après « whsec_ ») : 31f290f6…",
            "5. Contenu signé « id.horodatage.corps » (60 octets) :",
            "   msg_p5jXN8AQM9LWM0D4loKWxJek.1614265330.{\"test\": 2432232314}",
            "6. HMAC-SHA256 attendu : 83484cf52b04f8e4cf2531adfed9882ad4b2665137b852442d594d20e2c9d4e1",
            &format!("   en base64 : {SIG}"),
            "7. Entrées de la signature (5) :",
            "   [1] « v1a,abc » → ignorée : version « v1a » (seule « v1 » est vérifiée)",
            &format!("   [2] « {SIG} » → ✓ identique à la signature attendue"),
            "   [3] « nocomma » → ignorée : pas de virgule (format attendu « v1,<base64> »)",
            "   [4] «  » → ignorée : entrée vide (espace en trop)",
            "   [5] « v1,short » → ✗ 5 caractères au lieu de 44 (signature tronquée ou texte en trop)",
        ]
    );
}

#[test]
fn explanation_keeps_going_after_a_stale_timestamp() {
    let e = explain(
        &secret(),
        &Headers::svix(ID, TS, SIG),
        BODY,
        TimestampPolicy::at(TS + 301),
    );
    assert_eq!(
        e.result,
        Err(WebhookError::TimestampTooOld {
            age_secs: 301,
            tolerance_secs: 300
        })
    );
    // The learner still sees that the signature itself was right.
    assert_eq!(e.entries[0].outcome, EntryOutcome::Matched);
    assert_eq!(e.key.as_bytes().len(), 24);
    assert!(format!("{e:?}").contains("key: Secret(<24 octets masqués>)"));
    let missing = explain(&secret(), &Headers::new(), b"\xff", TimestampPolicy::Ignore);
    assert_eq!(missing.expected, None);
    assert_eq!(
        missing.payload.outcome,
        Err(WebhookError::InvalidPayload { valid_up_to: 0 })
    );
    assert_eq!(
        missing.result,
        Err(WebhookError::MissingHeader {
            header: HeaderField::Id
        })
    );
}

#[test]
fn library_notes_cover_both_libraries() {
    let notes = library_differences();
    assert_eq!(notes.len(), 8);
    assert!(notes.iter().any(|n| n.library == Library::Python));
    assert!(notes.iter().any(|n| n.library == Library::JavaScript));
}

fn any_secret() -> impl Strategy<Value = Secret> {
    proptest::collection::vec(any::<u8>(), 1..80)
        .prop_map(|key| Secret::from_bytes(key).expect("non-empty"))
}

fn visible_ascii(max: usize) -> impl Strategy<Value = String> {
    proptest::collection::vec(b' '..=b'~', 0..max)
        .prop_map(|b| b.into_iter().map(char::from).collect())
}

/// Header values mixing valid-looking parts and garbage.
fn header_value() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just(ID.to_owned()),
        Just(TS.to_string()),
        Just(SIG.to_owned()),
        Just(format!("v2,x  {SIG} v1,")),
        any::<i64>().prop_map(|n| n.to_string()),
        visible_ascii(60),
        ".{0,40}",
    ]
}

fn header_name() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("svix-id"),
        Just("SVIX-TIMESTAMP"),
        Just("svix-signature"),
        Just("webhook-id"),
        Just("webhook-timestamp"),
        Just("Webhook-Signature"),
        Just("x-other"),
    ]
    .prop_map(str::to_owned)
}

fn any_headers() -> impl Strategy<Value = Headers> {
    proptest::collection::vec((header_name(), header_value()), 0..8).prop_map(Headers::from_pairs)
}

fn any_body() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        Just(BODY.to_vec()),
        ".{0,60}".prop_map(String::into_bytes),
        proptest::collection::vec(any::<u8>(), 0..60),
    ]
}

fn any_policy() -> impl Strategy<Value = TimestampPolicy> {
    prop_oneof![
        Just(TimestampPolicy::Ignore),
        (any::<i64>(), any::<u64>()).prop_map(|(now, tolerance_secs)| TimestampPolicy::Enforce {
            now,
            tolerance_secs
        }),
        (TS - 400..TS + 400).prop_map(TimestampPolicy::at),
    ]
}

proptest! {
    #[test]
    fn sign_then_verify_passes(
        key in any_secret(),
        id in visible_ascii(40),
        ts in 0..i64::MAX,
        body in ".{0,200}",
        skew in -300i64..=300,
    ) {
        let sig = sign(&key, &id, ts, body.as_bytes());
        let now = ts.saturating_add(skew);
        let got = verify(&key, &Headers::svix(&id, ts, &sig), body.as_bytes(), now);
        prop_assert_eq!(got, Ok(Verified { msg_id: id, timestamp: ts, matched_index: 0 }));
    }

    #[test]
    fn any_change_fails_with_the_right_variant(
        key in any_secret(),
        id in visible_ascii(30),
        ts in 0..i64::MAX / 2,
        body in proptest::collection::vec(any::<u8>(), 1..100).prop_map(|b| String::from_utf8_lossy(&b).into_owned()),
        pos in any::<prop::sample::Index>(),
        flip in 1u8..=255,
    ) {
        let sig = sign(&key, &id, ts, body.as_bytes());
        let no_match = Err(WebhookError::NoMatchingSignature { tried: 1, ignored: 0 });

        let mut tampered = body.clone().into_bytes();
        let i = pos.index(tampered.len());
        tampered[i] ^= flip;
        let want = match std::str::from_utf8(&tampered) {
            Ok(_) => no_match.clone(),
            Err(e) => Err(WebhookError::InvalidPayload { valid_up_to: e.valid_up_to() }),
        };
        prop_assert_eq!(verify(&key, &Headers::svix(&id, ts, &sig), &tampered, ts), want);

        let other_id = format!("{id}x");
        prop_assert_eq!(verify(&key, &Headers::svix(&other_id, ts, &sig), body.as_bytes(), ts), no_match.clone());

        let other_ts = ts + 1 + i64::from(flip);
        prop_assert_eq!(verify(&key, &Headers::svix(&id, other_ts, &sig), body.as_bytes(), other_ts), no_match.clone());

        let mut other_key = key.as_bytes().to_vec();
        let k = pos.index(other_key.len());
        other_key[k] ^= flip;
        let other_key = Secret::from_bytes(other_key).expect("non-empty");
        prop_assert_eq!(verify(&other_key, &Headers::svix(&id, ts, &sig), body.as_bytes(), ts), no_match);
    }

    #[test]
    fn explain_agrees_with_verify(
        key in prop_oneof![Just(secret()), any_secret()],
        headers in any_headers(),
        body in any_body(),
        policy in any_policy(),
    ) {
        let verdict = verify_with_policy(&key, &headers, &body, policy);
        let explanation = explain(&key, &headers, &body, policy);
        prop_assert_eq!(&explanation.result, &verdict);
        let _ = explanation.to_lines();
        if let TimestampPolicy::Enforce { now, tolerance_secs } = policy {
            prop_assert_eq!(&verdict, &verify_with_tolerance(&key, &headers, &body, now, tolerance_secs));
        } else {
            prop_assert_eq!(&verdict, &verify_ignoring_timestamp(&key, &headers, &body));
        }
    }

    #[test]
    fn explain_agrees_on_near_valid_requests(
        id in prop_oneof![Just(ID.to_owned()), Just(String::new()), Just("é".to_owned())],
        ts in prop_oneof![Just(TS.to_string()), Just("-5".to_owned()), Just("x".to_owned())],
        sig in header_value(),
        webhook_names in any::<bool>(),
        body in any_body(),
        policy in any_policy(),
    ) {
        let p = if webhook_names { "webhook" } else { "svix" };
        let headers = Headers::new()
            .with(format!("{p}-id"), id)
            .with(format!("{p}-timestamp"), ts)
            .with(format!("{p}-signature"), sig);
        let verdict = verify_with_policy(&secret(), &headers, &body, policy);
        prop_assert_eq!(explain(&secret(), &headers, &body, policy).result, verdict);
    }

    #[test]
    fn garbage_secrets_and_header_lines_never_panic(text in ".{0,80}", bytes in proptest::collection::vec(any::<u8>(), 0..80)) {
        let parsed = Secret::parse(&text);
        if let Err(err) = &parsed {
            prop_assert!(err.is_secret_error());
            let _ = err.to_string();
        }
        let _ = parse_header_line(&text);
        let _ = report::escape(&bytes, 10);
    }
}
