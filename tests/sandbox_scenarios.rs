//! Every sandbox scenario's verdict, exactly: variant and fields, for pinned (secret, id, now).

use webhook_tutor::samples;
use webhook_tutor::sandbox::{
    DEMO_MSG_ID, InputError, Inputs, OLD_SECRET, OTHER_SECRET, SKEW_SECS, Scenario, StepStatus,
    Trace,
};
use webhook_tutor::webhook::{self, HeaderField, Headers, Secret, Verified, WebhookError};

const NOW: i64 = 1_764_321_600;

fn trace(scenario: Scenario) -> Trace {
    Trace::compute(&Inputs::default(), scenario, NOW)
}

fn verdict(scenario: Scenario) -> Result<Verified, WebhookError> {
    let t = trace(scenario);
    let exchange = t.exchange.expect("demo inputs sign");
    exchange.received.verdict().clone()
}

fn no_match() -> Result<Verified, WebhookError> {
    Err(WebhookError::NoMatchingSignature {
        tried: 1,
        ignored: 0,
    })
}

#[test]
fn valid_is_accepted() {
    assert_eq!(
        verdict(Scenario::Valid),
        Ok(Verified {
            msg_id: DEMO_MSG_ID.to_owned(),
            timestamp: NOW,
            matched_index: 0
        })
    );
}

#[test]
fn tampered_reserialized_and_wrong_secret_match_no_signature() {
    assert_eq!(verdict(Scenario::TamperedBody), no_match());
    assert_eq!(verdict(Scenario::Reserialized), no_match());
    assert_eq!(verdict(Scenario::WrongSecret), no_match());
}

#[test]
fn replay_is_too_old_by_exactly_ten_minutes() {
    assert_eq!(
        verdict(Scenario::Replay),
        Err(WebhookError::TimestampTooOld {
            age_secs: 600,
            tolerance_secs: 300
        })
    );
}

#[test]
fn future_is_too_new_by_exactly_ten_minutes() {
    assert_eq!(
        verdict(Scenario::Future),
        Err(WebhookError::TimestampTooNew {
            ahead_secs: 600,
            tolerance_secs: 300
        })
    );
}

#[test]
fn rotation_is_accepted_on_the_second_entry() {
    assert_eq!(
        verdict(Scenario::Rotation),
        Ok(Verified {
            msg_id: DEMO_MSG_ID.to_owned(),
            timestamp: NOW,
            matched_index: 1
        })
    );
    let t = trace(Scenario::Rotation);
    let sent = &t.exchange.as_ref().unwrap().sent;
    assert_eq!(sent.keys.len(), 2);
    assert_eq!(sent.signature_header.split(' ').count(), 2);
    let statuses: Vec<_> = t
        .exchange
        .as_ref()
        .unwrap()
        .received
        .steps
        .iter()
        .rev()
        .take(2)
        .map(|s| s.status)
        .collect();
    assert_eq!(statuses, [StepStatus::Pass, StepStatus::Fail]);
}

#[test]
fn missing_header_is_the_signature() {
    assert_eq!(
        verdict(Scenario::MissingHeader),
        Err(WebhookError::MissingHeader {
            header: HeaderField::Signature
        })
    );
}

#[test]
fn every_scenario_agrees_with_webhook_verify_on_the_received_request() {
    let secret = Secret::parse(&Inputs::default().secret).unwrap();
    for scenario in Scenario::ALL {
        let t = trace(scenario);
        let ex = t.exchange.as_ref().unwrap();
        let headers: Headers = ex.received.request.webhook_headers();
        let direct = webhook::verify(&secret, &headers, ex.received.request.body.as_bytes(), NOW);
        assert_eq!(&direct, ex.received.verdict(), "{scenario}");
        assert_eq!(t.accepted(), direct.is_ok(), "{scenario}");
    }
}

#[test]
fn scenario_signatures_use_the_expected_secrets() {
    let inputs = Inputs::default();
    let body = inputs.payload.as_bytes();
    let sign = |secret: &str, ts: i64| {
        webhook::sign(&Secret::parse(secret).unwrap(), DEMO_MSG_ID, ts, body)
    };
    let sent = |s: Scenario| trace(s).exchange.unwrap().sent.signature_header;
    assert_eq!(sent(Scenario::Valid), sign(&inputs.secret, NOW));
    assert_eq!(sent(Scenario::WrongSecret), sign(OTHER_SECRET, NOW));
    assert_eq!(
        sent(Scenario::Replay),
        sign(&inputs.secret, NOW - SKEW_SECS)
    );
    assert_eq!(
        sent(Scenario::Future),
        sign(&inputs.secret, NOW + SKEW_SECS)
    );
    assert_eq!(
        sent(Scenario::Rotation),
        format!("{} {}", sign(OLD_SECRET, NOW), sign(&inputs.secret, NOW))
    );
}

#[test]
fn every_sample_gives_the_same_verdicts_except_reserialized() {
    for sample in samples::ALL {
        for scenario in Scenario::ALL {
            if scenario == Scenario::Reserialized {
                continue;
            }
            let t = Trace::compute(&Inputs::with_sample(sample), scenario, NOW);
            let expected_ok = matches!(scenario, Scenario::Valid | Scenario::Rotation);
            assert_eq!(t.accepted(), expected_ok, "{} {scenario}", sample.event);
        }
    }
}

#[test]
fn reserialized_fails_on_escapes_and_passes_by_chance_on_bodies_already_in_stringify_form() {
    // The samples are compact, so whitespace is never the reason: only the samples that
    // write a non-ASCII character as a \u escape change under JSON.stringify.
    let mut rejected = Vec::new();
    for sample in samples::ALL {
        let t = Trace::compute(&Inputs::with_sample(sample), Scenario::Reserialized, NOW);
        let ex = t.exchange.as_ref().unwrap();
        let note = ex.note.as_deref().unwrap();
        if t.accepted() {
            assert!(ex.received.diff.is_empty(), "{}", sample.event);
            assert!(note.ends_with("la signature passe par chance"), "{note}");
        } else {
            assert!(
                note.ends_with("octets vérifiés (échappements ou nombres réécrits)"),
                "{note}"
            );
            rejected.push(sample.event);
        }
    }
    assert_eq!(
        rejected,
        [
            "user.created",
            "user.updated",
            "organization.created",
            "organizationMembership.created"
        ]
    );
    let t = trace(Scenario::Reserialized);
    assert_eq!(
        t.exchange.unwrap().note.as_deref(),
        Some(
            "re-sérialisé comme JSON.stringify(await req.json()) : 1179 octets envoyés, 1175 octets vérifiés (échappements ou nombres réécrits)"
        )
    );
}

#[test]
fn bad_inputs_are_reported_per_field() {
    let mut inputs = Inputs {
        timestamp: "hier".into(),
        ..Inputs::default()
    };
    let t = Trace::compute(&inputs, Scenario::Valid, NOW);
    assert_eq!(
        t.exchange.unwrap_err(),
        InputError::Timestamp {
            value: "hier".into()
        }
    );
    inputs.secret = "whsec_".into();
    let t = Trace::compute(&inputs, Scenario::Valid, NOW);
    assert_eq!(
        t.exchange.as_ref().unwrap_err(),
        &InputError::Secret(WebhookError::EmptySecret)
    );
    assert_eq!(t.verdict(), Err(None));
}

#[test]
fn a_fixed_timestamp_is_signed_and_judged_against_now() {
    let mut inputs = Inputs {
        timestamp: (NOW - 200).to_string(),
        ..Inputs::default()
    };
    let t = Trace::compute(&inputs, Scenario::Valid, NOW);
    assert!(t.accepted());
    inputs.timestamp = (NOW - 301).to_string();
    let t = Trace::compute(&inputs, Scenario::Valid, NOW);
    assert_eq!(
        t.verdict(),
        Err(Some(&WebhookError::TimestampTooOld {
            age_secs: 301,
            tolerance_secs: 300
        }))
    );
}

#[test]
fn scenario_names_and_keys_round_trip() {
    for s in Scenario::ALL {
        assert_eq!(Scenario::from_name(s.name()), Some(s));
        assert_eq!(Scenario::from_key(s.key()), Some(s));
    }
    assert_eq!(Scenario::from_name("nope"), None);
    assert_eq!(Scenario::from_key('0'), None);
    assert_eq!(
        Scenario::names(),
        "valid, tampered-body, reserialized, replay, future, wrong-secret, rotation, missing-header"
    );
}
