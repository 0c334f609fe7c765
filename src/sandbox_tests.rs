use std::time::Duration;

use super::*;
use crate::delivery::{RETRY_SCHEDULE, ResponseOutcome, format_duration};

const NOW: i64 = 1_764_321_600;

fn exchange(inputs: &Inputs, scenario: Scenario) -> Exchange {
    Exchange::build(inputs, scenario, NOW).unwrap()
}

#[test]
fn fixed_secrets_parse() {
    for s in [DEMO_SECRET, OTHER_SECRET, OLD_SECRET] {
        assert!(Secret::parse(s).is_ok(), "{s}");
    }
}

#[test]
fn official_vector_through_the_sender_view() {
    let inputs = Inputs {
        secret: DEMO_SECRET.into(),
        msg_id: DEMO_MSG_ID.into(),
        timestamp: "1614265330".into(),
        payload: r#"{"test": 2432232314}"#.into(),
    };
    let sent = Exchange::build(&inputs, Scenario::Valid, 1_614_265_330)
        .unwrap()
        .sent;
    assert_eq!(
        sent.signature_header,
        "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
    );
    assert_eq!(
        sent.keys[0].mac_base64,
        "g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
    );
    assert_eq!(sent.keys[0].mac_hex.len(), 64);
    assert_eq!(sent.keys[0].key_hex.len(), 48);
    assert_eq!(
        sent.signed_parts(),
        [
            DEMO_MSG_ID.to_owned(),
            "1614265330".to_owned(),
            r#"{"test": 2432232314}"#.to_owned()
        ]
    );
    assert_eq!(sent.signed_len(), 28 + 1 + 10 + 1 + 20);
    assert_eq!(
        sent.request.to_raw(),
        "POST /api/webhooks HTTP/1.1\r\nhost: localhost:3000\r\ncontent-type: application/json\r\n\
         content-length: 20\r\nsvix-id: msg_p5jXN8AQM9LWM0D4loKWxJek\r\nsvix-timestamp: 1614265330\r\n\
         svix-signature: v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=\r\n\r\n{\"test\": 2432232314}"
    );
}

#[test]
fn tamper_changes_one_digit_and_the_diff_points_at_it() {
    let inputs = Inputs::demo(r#"{"n": 19}"#);
    let ex = exchange(&inputs, Scenario::TamperedBody);
    assert_eq!(ex.received.request.body, r#"{"n": 29}"#);
    assert_eq!(
        ex.received.diff.body,
        Some(BodyDiff {
            offset: 6,
            sent_len: 9,
            received_len: 9
        })
    );
    assert_eq!(
        ex.note.as_deref(),
        Some("octet n° 6 modifié en route : « 1 » → « 2 »")
    );
    let letters = exchange(&Inputs::demo("abc"), Scenario::TamperedBody);
    assert_eq!(letters.received.request.body, "Abc");
    let symbols = exchange(&Inputs::demo("{}"), Scenario::TamperedBody);
    assert_eq!(symbols.received.request.body, "{} ");
}

#[test]
fn reserialize_compacts_and_unescapes_keeping_the_key_order_like_node() {
    let inputs = Inputs::demo("{\n  \"b\": \"\\u00e9\",\n  \"a\": 1\n}");
    let ex = exchange(&inputs, Scenario::Reserialized);
    assert_eq!(ex.received.request.body, r#"{"b":"é","a":1}"#);
    assert_eq!(
        ex.note.as_deref(),
        Some(
            "re-sérialisé comme JSON.stringify(await req.json()) : 29 octets envoyés, 16 octets vérifiés (espaces supprimés, échappements ou nombres réécrits)"
        )
    );
    assert_eq!(ex.received.request.header("content-length"), Some("16"));
    assert_eq!(ex.received.diff.changed_headers, ["content-length"]);
    assert_eq!(
        ex.received.verdict(),
        &Err(WebhookError::NoMatchingSignature {
            tried: 1,
            ignored: 0
        })
    );

    let compact = exchange(&Inputs::demo(r#"{"a":1}"#), Scenario::Reserialized);
    assert!(compact.received.diff.is_empty());
    assert!(compact.received.verdict().is_ok());
    assert_eq!(
        compact.note.as_deref(),
        Some(
            "le corps avait déjà exactement la forme que produit JSON.stringify : la re-sérialisation donne les mêmes octets, la signature passe par chance"
        )
    );

    let numeric = exchange(&Inputs::demo(r#"{"a":1,"7":2}"#), Scenario::Reserialized);
    assert_eq!(numeric.received.request.body, r#"{"7":2,"a":1}"#);
    assert!(
        numeric
            .note
            .unwrap()
            .ends_with("(clés numériques passées en tête)")
    );

    let not_json = exchange(&Inputs::demo("hello"), Scenario::Reserialized);
    assert!(not_json.note.unwrap().contains("pas du JSON"));
}

#[test]
fn missing_header_diff_and_steps() {
    let ex = exchange(&Inputs::default(), Scenario::MissingHeader);
    assert_eq!(ex.received.diff.missing_headers, ["svix-signature"]);
    assert_eq!(ex.received.request.header("svix-signature"), None);
    let signature = &ex.received.steps[2];
    assert_eq!(signature.status, StepStatus::Fail);
    assert_eq!(signature.title, "en-tête svix-signature");
    assert_eq!(
        ex.received.steps.last().unwrap().status,
        StepStatus::Skipped
    );
}

#[test]
fn valid_steps_are_all_passed_or_informational() {
    let ex = exchange(&Inputs::default(), Scenario::Valid);
    let symbols: String = ex
        .received
        .steps
        .iter()
        .map(|s| s.status.symbol())
        .collect();
    assert_eq!(symbols, "✓✓✓✓✓··✓");
    assert_eq!(
        ex.received.steps[3].detail,
        "envoyé à l'instant (tolérance : ± 300 s)"
    );
    assert!(ex.received.diff.is_empty());
}

#[test]
fn json_status() {
    assert_eq!(JsonStatus::of("{\"a\": [1]}"), JsonStatus::Valid);
    let JsonStatus::Invalid { line, column, .. } = JsonStatus::of("{\n  \"a\": }") else {
        panic!("expected invalid JSON");
    };
    assert_eq!((line, column), (2, 8));
}

#[test]
fn retry_schedule_matches_svix() {
    let total: Duration = RETRY_SCHEDULE.iter().sum();
    assert_eq!(format_duration(total), "27 h 35 min 5 s");
    assert_eq!(RETRY_SCHEDULE.len(), 8);
}

#[test]
fn three_failures_then_success_is_35_min_5_s() {
    let t = simulate(Endpoint {
        failures: 3,
        failure: ResponseOutcome::Status(500),
    });
    assert_eq!(
        t.outcome,
        DeliveryOutcome::Delivered {
            attempt: 4,
            at: Duration::from_secs(35 * 60 + 5)
        }
    );
    assert_eq!(t.attempts.len(), 4);
    assert_eq!(
        t.summary(),
        "livré à la tentative 4, 35 min 5 s après la première"
    );
}

#[test]
fn every_non_2xx_is_retried_until_failed() {
    for failure in [
        ResponseOutcome::Status(301),
        ResponseOutcome::Status(400),
        ResponseOutcome::Status(503),
        ResponseOutcome::Timeout,
    ] {
        let t = simulate(Endpoint {
            failures: 8,
            failure,
        });
        assert_eq!(
            t.outcome,
            DeliveryOutcome::Failed {
                at: Duration::from_secs(27 * 3600 + 35 * 60 + 5)
            },
            "{failure:?}"
        );
        assert_eq!(t.attempts.len(), 8);
    }
    let first = simulate(Endpoint {
        failures: 0,
        failure: ResponseOutcome::Timeout,
    });
    assert_eq!(first.summary(), "livré à la première tentative");
    assert_eq!(response_label(ResponseOutcome::Status(204)), "204 (succès)");
    assert_eq!(
        response_label(ResponseOutcome::Timeout),
        "pas de réponse en 15 s"
    );
    assert!(!is_success(ResponseOutcome::Status(302)));
}

#[test]
fn idempotent_endpoint_processes_once() {
    let mut endpoint = IdempotentEndpoint::default();
    assert_eq!(endpoint.receive("msg_1").describe(), "msg_1 : traité → 200");
    assert_eq!(
        endpoint.receive("msg_1").describe(),
        "msg_1 : déjà traité → 200, ignoré"
    );
    assert_eq!(
        endpoint.receive("msg_2"),
        Reception::Processed {
            msg_id: "msg_2".into()
        }
    );
    assert_eq!(endpoint.processed().len(), 2);
    assert_eq!(endpoint.log().len(), 3);
}

#[test]
fn curl_quotes_the_body_byte_for_byte() {
    let inputs = Inputs::demo("{\"name\": \"O'Brien\"}\n");
    let ex = exchange(&inputs, Scenario::Valid);
    let cmd = curl_command(&ex.sent.request, EXPORT_URL);
    assert!(cmd.starts_with("curl -i -X POST 'http://localhost:3000/api/webhooks' \\\n"));
    assert!(cmd.contains("  -H 'svix-id: msg_p5jXN8AQM9LWM0D4loKWxJek' \\\n"));
    assert!(cmd.ends_with("  --data-binary '{\"name\": \"O'\\''Brien\"}\n'\n"));
    assert!(!cmd.contains("content-length"));
    assert_eq!(shell_quote("a'b"), r"'a'\''b'");
}

#[test]
fn osc52_wraps_base64() {
    assert_eq!(osc52("hé"), "\x1b]52;c;aMOp\x07");
}

#[test]
fn plain_trace_mentions_each_part() {
    let inputs = Inputs::default();
    let t = Trace::compute(&inputs, Scenario::Replay, NOW);
    let text = plain_trace(&inputs, &t, "exemple user.created");
    assert!(
        text.starts_with("Bac à sable Svix — scénario « replay » : rejeu d'une vieille requête\n")
    );
    assert!(text.contains(&format!(
        "  horodatage           : maintenant ({NOW}) ; ce scénario envoie {} (600 s plus tôt)\n",
        NOW - 600
    )));
    assert!(text.contains(&format!("    svix-timestamp: {}\n", NOW - 600)));
    assert!(text.contains("  ✗ fraîcheur : horodatage trop ancien : 600 s dans le passé"));
    assert!(text.contains("Verdict : ✗ REJETÉ — horodatage trop ancien : 600 s"));
}

mod properties {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// Whatever the body and id, each scenario keeps its verdict.
        #[test]
        fn verdicts_hold_for_any_body(body in any::<String>(), id in "msg_[A-Za-z0-9]{1,30}") {
            let inputs = Inputs { msg_id: id.clone(), ..Inputs::demo(&body) };
            let verdict = |s| Trace::compute(&inputs, s, NOW).exchange.unwrap().received.verdict().clone();
            prop_assert_eq!(
                verdict(Scenario::Valid),
                Ok(Verified { msg_id: id.clone(), timestamp: NOW, matched_index: 0 })
            );
            prop_assert_eq!(
                verdict(Scenario::TamperedBody),
                Err(WebhookError::NoMatchingSignature { tried: 1, ignored: 0 })
            );
            prop_assert_eq!(
                verdict(Scenario::WrongSecret),
                Err(WebhookError::NoMatchingSignature { tried: 1, ignored: 0 })
            );
            prop_assert_eq!(
                verdict(Scenario::Replay),
                Err(WebhookError::TimestampTooOld { age_secs: 600, tolerance_secs: 300 })
            );
            prop_assert_eq!(
                verdict(Scenario::Future),
                Err(WebhookError::TimestampTooNew { ahead_secs: 600, tolerance_secs: 300 })
            );
            prop_assert_eq!(
                verdict(Scenario::Rotation),
                Ok(Verified { msg_id: id, timestamp: NOW, matched_index: 1 })
            );
        }
    }
}

#[cfg(unix)]
#[test]
fn shell_quoting_gives_back_the_exact_bytes() {
    let body = "{\"a\": \"l'été $HOME `id` \\\\n \\\"x\\\"\"}\n\n  fin\t";
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("printf '%s' {}", shell_quote(body)))
        .output()
        .unwrap();
    assert_eq!(String::from_utf8(out.stdout).unwrap(), body);
}
