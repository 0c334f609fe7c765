//! Known-answer tests: every vector of `tests/fixtures/svix-test-vectors.json` (a copy of
//! shared/reference/svix-test-vectors.json), and every `WebhookError` variant reached and
//! matched exactly.

use std::path::Path;

use serde_json::Value;
use webhook_tutor::webhook::{
    self, HeaderField, Headers, Secret, SecretProblem, WebhookError, verify,
    verify_ignoring_timestamp, verify_with_tolerance,
};

fn vectors() -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/svix-test-vectors.json");
    let text = std::fs::read_to_string(&path).expect("vector file is readable");
    serde_json::from_str(&text).expect("vector file is JSON")
}

fn str_field<'a>(v: &'a Value, key: &str) -> &'a str {
    v[key]
        .as_str()
        .unwrap_or_else(|| panic!("{key} missing in {v}"))
}

fn payload(v: &Value) -> Vec<u8> {
    match v.get("payload_repeat") {
        Some(rep) => str_field(rep, "char")
            .repeat(rep["count"].as_u64().expect("count") as usize)
            .into_bytes(),
        None => str_field(v, "payload").as_bytes().to_vec(),
    }
}

const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const ID: &str = "msg_p5jXN8AQM9LWM0D4loKWxJek";
const TS: i64 = 1614265330;
const BODY: &[u8] = br#"{"test": 2432232314}"#;
const SIG: &str = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

fn secret() -> Secret {
    Secret::parse(SECRET).expect("canonical secret")
}

#[test]
fn sign_vectors() {
    let all = vectors();
    let list = all["sign_vectors"].as_array().expect("sign_vectors");
    assert_eq!(list.len(), 6);
    for v in list {
        let secret = Secret::parse(str_field(v, "secret")).expect("valid secret");
        let ts = v["timestamp"].as_i64().expect("timestamp");
        let got = webhook::sign(&secret, str_field(v, "msg_id"), ts, &payload(v));
        assert_eq!(got, str_field(v, "expected_signature"), "{}", v["name"]);
    }
}

/// Expected verdict of each verify vector under the strict profile.
fn expected_error(name: &str) -> Option<WebhookError> {
    let nomatch = |tried, ignored| Some(WebhookError::NoMatchingSignature { tried, ignored });
    match name {
        "valid_svix_headers"
        | "valid_unbranded_webhook_headers"
        | "valid_secret_without_prefix"
        | "multi_sig_with_one_valid"
        | "multi_sig_with_one_valid_rust"
        | "valid_rust_vector_svix_headers"
        | "valid_rust_vector_webhook_headers" => None,
        "invalid_signature_last_char_changed"
        | "invalid_signature_csharp_ruby"
        | "invalid_signature_js_php_short"
        | "partial_signature_v1_comma_only"
        | "partial_signature_first_8_chars"
        | "no_verify_rust"
        | "timestamp_header_changed_by_1s" => nomatch(1, 0),
        "valid_signature_under_unknown_version_v2" => nomatch(0, 1),
        "multi_sig_none_valid_rust" => nomatch(3, 0),
        "timestamp_too_old_301s" => Some(WebhookError::TimestampTooOld {
            age_secs: 301,
            tolerance_secs: 300,
        }),
        "timestamp_too_new_301s" => Some(WebhookError::TimestampTooNew {
            ahead_secs: 301,
            tolerance_secs: 300,
        }),
        "timestamp_not_a_number" => Some(WebhookError::InvalidTimestamp {
            value: "hello".into(),
        }),
        "missing_id" => Some(WebhookError::MissingHeader {
            header: HeaderField::Id,
        }),
        "missing_timestamp" => Some(WebhookError::MissingHeader {
            header: HeaderField::Timestamp,
        }),
        "missing_signature" => Some(WebhookError::MissingHeader {
            header: HeaderField::Signature,
        }),
        other => panic!("unknown verify vector {other}"),
    }
}

#[test]
fn verify_vectors() {
    let all = vectors();
    let list = all["verify_vectors"].as_array().expect("verify_vectors");
    assert_eq!(list.len(), 22);
    for v in list {
        let name = str_field(v, "name");
        let secret = Secret::parse(str_field(v, "secret")).expect("valid secret");
        let prefix = str_field(v, "header_style");
        let omit: Vec<&str> = v
            .get("omit_headers")
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let mut headers = Headers::new();
        for (field, key) in [
            ("id", "msg_id"),
            ("timestamp", "timestamp_header"),
            ("signature", "signature_header"),
        ] {
            if !omit.contains(&field) {
                headers.append(format!("{prefix}-{field}"), str_field(v, key));
            }
        }
        let now = v["now"].as_i64().expect("now");
        let result = verify(&secret, &headers, &payload(v), now);
        let expect_valid = v["expect_valid"].as_bool().expect("expect_valid");
        assert_eq!(result.is_ok(), expect_valid, "{name}: {result:?}");
        assert_eq!(result.err(), expected_error(name), "{name}");
    }
}

#[test]
fn constructor_vectors() {
    let all = vectors();
    for v in all["constructor_vectors"]
        .as_array()
        .expect("constructor_vectors")
    {
        assert_eq!(
            Secret::parse(str_field(v, "secret")),
            Err(WebhookError::EmptySecret),
            "{}",
            v["name"]
        );
    }
}

/// The strict profile refuses the non-canonical secrets (spec §17); the canonical ones and the
/// empty body sign as the Python oracle computed.
#[test]
fn derived_vectors() {
    let all = vectors();
    let items = all["derived_vectors"]["items"].as_array().expect("items");
    assert_eq!(items.len(), 6);
    for v in items {
        let name = str_field(v, "name");
        let parsed = Secret::parse(str_field(v, "secret"));
        let expected_problem = match name {
            "unpadded_secret_needs_one_pad"
            | "unpadded_secret_needs_two_pads"
            | "unpadded_secret_two_pads_with_prefix" => Some(SecretProblem::BadPadding),
            "padded_secret_one_pad" => Some(SecretProblem::NonCanonical { index: 30 }),
            "padded_secret_two_pads" => Some(SecretProblem::NonCanonical { index: 33 }),
            "empty_payload" => None,
            other => panic!("unknown derived vector {other}"),
        };
        match expected_problem {
            Some(problem) => {
                assert_eq!(
                    parsed,
                    Err(WebhookError::InvalidSecret { problem }),
                    "{name}"
                )
            }
            None => {
                let secret = parsed.expect("canonical secret");
                let ts = v["timestamp"].as_i64().expect("timestamp");
                let sig = webhook::sign(&secret, str_field(v, "msg_id"), ts, &payload(v));
                assert_eq!(sig, str_field(v, "expected_signature"), "{name}");
                let headers = Headers::svix(str_field(v, "msg_id"), ts, &sig);
                assert!(verify(&secret, &headers, &payload(v), ts).is_ok());
            }
        }
    }
}

/// The same key bytes signed through raw bytes reproduce the derived (Python-computed) value,
/// so the refusal above is about the text, not the scheme.
#[test]
fn derived_unpadded_key_bytes_sign_like_python() {
    use base64::Engine as _;
    use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
    // Python's lenient decoder: no padding needed, trailing bits dropped.
    let lenient = GeneralPurpose::new(
        &base64::alphabet::STANDARD,
        GeneralPurposeConfig::new()
            .with_decode_allow_trailing_bits(true)
            .with_decode_padding_mode(DecodePaddingMode::Indifferent),
    );
    let key = lenient
        .decode("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSwBr")
        .expect("decodes without padding");
    let secret = Secret::from_bytes(key).expect("non-empty");
    assert_eq!(
        webhook::sign(&secret, ID, TS, BODY),
        "v1,yK2tMbA6BHPrMEJ1lLv7UlJJbgFoqGenJkiajZ29evg="
    );
}

fn svix_headers() -> Headers {
    Headers::svix(ID, TS, SIG)
}

#[test]
fn every_error_variant_is_reachable() {
    let s = secret();
    let ok = verify(&s, &svix_headers(), BODY, TS).expect("valid");
    assert_eq!(ok.msg_id, ID);
    assert_eq!(ok.timestamp, TS);
    assert_eq!(ok.matched_index, 0);

    let cases: Vec<(Result<_, WebhookError>, WebhookError, &str)> = vec![
        (
            verify(
                &s,
                &Headers::new()
                    .with("svix-timestamp", "1")
                    .with("svix-signature", SIG),
                BODY,
                TS,
            ),
            WebhookError::MissingHeader {
                header: HeaderField::Id,
            },
            "missing_header",
        ),
        (
            verify(
                &s,
                &svix_headers()
                    .with("x", "y")
                    .clone_with_replaced("svix-id", "msg_é"),
                BODY,
                TS,
            ),
            WebhookError::InvalidHeader {
                header: HeaderField::Id,
                name: "svix-id",
            },
            "invalid_header",
        ),
        (
            verify(
                &s,
                &Headers::svix(ID, TS, SIG).clone_with_replaced("svix-timestamp", " 1614265330"),
                BODY,
                TS,
            ),
            WebhookError::InvalidTimestamp {
                value: " 1614265330".into(),
            },
            "invalid_timestamp",
        ),
        (
            verify(
                &s,
                &Headers::svix(ID, -1, &webhook::sign(&s, ID, -1, BODY)),
                BODY,
                0,
            ),
            WebhookError::NegativeTimestamp { value: -1 },
            "negative_timestamp",
        ),
        (
            verify(&s, &svix_headers(), BODY, TS + 600),
            WebhookError::TimestampTooOld {
                age_secs: 600,
                tolerance_secs: 300,
            },
            "timestamp_too_old",
        ),
        (
            verify(&s, &svix_headers(), BODY, TS - 301),
            WebhookError::TimestampTooNew {
                ahead_secs: 301,
                tolerance_secs: 300,
            },
            "timestamp_too_new",
        ),
        (
            verify(&s, &svix_headers(), b"{\"a\": \"\xff\"}", TS),
            WebhookError::InvalidPayload { valid_up_to: 7 },
            "invalid_payload",
        ),
        (
            verify(
                &s,
                &Headers::svix(ID, TS, "v1a,xyz v1,AAAA nocomma"),
                BODY,
                TS,
            ),
            WebhookError::NoMatchingSignature {
                tried: 1,
                ignored: 2,
            },
            "no_matching_signature",
        ),
        (
            Secret::parse("whsec_").map(|_| ok.clone()),
            WebhookError::EmptySecret,
            "empty_secret",
        ),
        (
            Secret::parse("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw\n").map(|_| ok.clone()),
            WebhookError::InvalidSecret {
                problem: SecretProblem::Whitespace { index: 38 },
            },
            "invalid_secret",
        ),
    ];
    for (got, want, code) in cases {
        assert_eq!(got, Err(want.clone()));
        assert_eq!(want.code(), code);
    }
}

trait Replace {
    fn clone_with_replaced(&self, name: &str, value: &str) -> Headers;
}

impl Replace for Headers {
    fn clone_with_replaced(&self, name: &str, value: &str) -> Headers {
        Headers::from_pairs(
            self.iter()
                .map(|(n, v)| (n, if n == name { value } else { v })),
        )
    }
}

#[test]
fn french_messages_say_what_and_how() {
    let cases = [
        (
            WebhookError::TimestampTooOld {
                age_secs: 600,
                tolerance_secs: 300,
            },
            "horodatage trop ancien : 600 s dans le passé (tolérance : 300 s) — requête rejouée ou horloge décalée",
        ),
        (
            WebhookError::MissingHeader {
                header: HeaderField::Signature,
            },
            "en-tête « svix-signature » manquant (ni svix-signature ni webhook-signature) — transmettez les en-têtes de la requête reçue tels quels",
        ),
        (
            WebhookError::NoMatchingSignature {
                tried: 0,
                ignored: 1,
            },
            "aucune entrée « v1,… » dans l'en-tête de signature (1 entrée ignorée) — il doit contenir au moins « v1,<signature base64> »",
        ),
        (
            WebhookError::InvalidTimestamp {
                value: format!("{}.5", "9".repeat(50)),
            },
            "horodatage illisible : « 9999999999999999999999999999999999999999… » n'est pas un entier en secondes Unix (exemple : 1614265330, sans décimales ni espaces)",
        ),
        (
            WebhookError::InvalidTimestamp {
                value: "12a".into(),
            },
            "horodatage illisible : « 12a » n'est pas un entier en secondes Unix (exemple : 1614265330, sans décimales ni espaces)",
        ),
        // Digits only, but past i64: out of range, not unreadable (class 9).
        (
            WebhookError::InvalidTimestamp {
                value: "9".repeat(50),
            },
            "horodatage hors limites : « 9999999999999999999999999999999999999999… » dépasse le plus grand horodatage possible (9223372036854775807) — l'en-tête contient l'heure d'envoi en secondes Unix, 10 chiffres aujourd'hui (exemple : 1614265330)",
        ),
    ];
    for (err, text) in cases {
        assert_eq!(err.to_string(), text);
    }
}

#[test]
fn strict_profile_edge_cases() {
    let s = secret();
    let check = |headers: Headers, now: i64| verify(&s, &headers, BODY, now);
    let nomatch = |tried, ignored| Err(WebhookError::NoMatchingSignature { tried, ignored });

    // §8: the re-formatted integer is signed, so leading zeros and '+' verify.
    for ts in ["01614265330", "+1614265330"] {
        let h = Headers::svix(ID, TS, SIG).clone_with_replaced("svix-timestamp", ts);
        assert_eq!(check(h, TS).map(|v| v.timestamp), Ok(TS), "{ts}");
    }
    // §29: decimals are not integers in the strict profile.
    let h = Headers::svix(ID, TS, SIG).clone_with_replaced("svix-timestamp", "1614265330.0");
    assert_eq!(
        check(h, TS),
        Err(WebhookError::InvalidTimestamp {
            value: "1614265330.0".into()
        })
    );
    // §27: the bounds are inclusive.
    assert!(check(svix_headers(), TS + 300).is_ok());
    assert!(check(svix_headers(), TS - 300).is_ok());
    // §4, §2: case-insensitive names, mixed sets, svix-* wins over webhook-*.
    let mixed = Headers::new()
        .with("SVIX-ID", ID)
        .with("Svix-Timestamp", TS.to_string())
        .with("webhook-signature", SIG);
    assert!(check(mixed, TS).is_ok());
    let both = Headers::svix(ID, TS, "v1,wrong").with("webhook-signature", SIG);
    assert_eq!(check(both, TS), nomatch(1, 0));
    // §5: an empty svix-* header counts as present and does not fall back.
    let empty_id = Headers::svix("", TS, SIG).with("webhook-id", ID);
    assert_eq!(check(empty_id, TS), nomatch(1, 0));
    let empty_sig = Headers::svix(ID, TS, "");
    assert_eq!(check(empty_sig, TS), nomatch(0, 1));
    let empty_ts = Headers::svix(ID, TS, SIG).clone_with_replaced("svix-timestamp", "");
    assert_eq!(
        check(empty_ts, TS),
        Err(WebhookError::InvalidTimestamp {
            value: String::new()
        })
    );
    let nm = |tried, ignored| Err(WebhookError::NoMatchingSignature { tried, ignored });
    // §19–§22: separators, versions and the text after the comma.
    let entries = [
        (format!(" {SIG}"), Ok(1)),
        (format!("garbage {SIG}"), Ok(1)),
        (format!("v1,x  {SIG}"), Ok(2)),
        (format!("{SIG},extra"), nm(1, 0)),
        (format!("v1\t{SIG}"), nm(0, 1)),
        (SIG.replace("v1,", "V1,"), nm(0, 1)),
        (SIG.replace("v1,", "v1a,"), nm(0, 1)),
    ];
    for (header, want) in entries {
        let got = check(Headers::svix(ID, TS, &header), TS).map(|v| v.matched_index);
        assert_eq!(got, want, "{header:?}");
    }
    // §30: checked arithmetic at the extremes, and negative timestamps only without tolerance.
    let max = webhook::sign(&s, ID, i64::MAX, BODY);
    assert_eq!(
        check(Headers::svix(ID, i64::MAX, &max), i64::MIN),
        Err(WebhookError::TimestampTooNew {
            ahead_secs: u64::MAX,
            tolerance_secs: 300
        })
    );
    assert_eq!(
        verify_with_tolerance(&s, &svix_headers(), BODY, i64::MAX, u64::MAX).map(|v| v.timestamp),
        Ok(TS)
    );
    let min = webhook::sign(&s, ID, i64::MIN, BODY);
    let h = Headers::svix(ID, i64::MIN, &min);
    assert_eq!(
        check(h.clone(), 0),
        Err(WebhookError::NegativeTimestamp { value: i64::MIN })
    );
    assert_eq!(
        verify_ignoring_timestamp(&s, &h, BODY).map(|v| v.timestamp),
        Ok(i64::MIN)
    );
    // §11: non-UTF-8 is reported after the timestamp checks.
    assert_eq!(
        verify(&s, &svix_headers(), b"\xc3", TS + 1000),
        Err(WebhookError::TimestampTooOld {
            age_secs: 1000,
            tolerance_secs: 300
        })
    );
}

#[test]
fn secret_round_trip_and_redaction() {
    let s = Secret::try_generate().expect("OS random source");
    assert_eq!(s.as_bytes().len(), 24);
    let text = s.to_whsec();
    assert_eq!(text.len(), 6 + 32);
    assert_eq!(Secret::parse(&text), Ok(s.clone()));
    assert_eq!(format!("{s:?}"), "Secret(<24 octets masqués>)");
    assert_eq!(secret().to_whsec(), SECRET);
    assert_eq!(
        Secret::from_bytes(Vec::new()),
        Err(WebhookError::EmptySecret)
    );
    let id = webhook::new_msg_id();
    assert_eq!(id.len(), 31);
    assert!(id.starts_with("msg_") && id[4..].bytes().all(|b| b.is_ascii_alphanumeric()));
}

#[test]
fn secret_problems_are_precise() {
    let cases = [
        (
            "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLa-w",
            SecretProblem::UrlSafeAlphabet {
                index: 36,
                character: '-',
            },
        ),
        (
            "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLa!w",
            SecretProblem::InvalidCharacter {
                index: 36,
                byte: b'!',
            },
        ),
        (
            "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSwx",
            SecretProblem::BadPadding,
        ),
        (
            "WHSEC_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
            SecretProblem::UrlSafeAlphabet {
                index: 5,
                character: '_',
            },
        ),
        (
            "whsec_whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
            SecretProblem::UrlSafeAlphabet {
                index: 11,
                character: '_',
            },
        ),
        (
            "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw ",
            SecretProblem::Whitespace { index: 32 },
        ),
    ];
    for (text, problem) in cases {
        assert_eq!(
            Secret::parse(text),
            Err(WebhookError::InvalidSecret { problem }),
            "{text:?}"
        );
    }
}

#[test]
fn rotation_header_verifies_with_either_secret() {
    let old = secret();
    let new = Secret::from_bytes(vec![7u8; 24]).expect("non-empty");
    let header = webhook::sign_many(&[new.clone(), old.clone()], ID, TS, BODY);
    let parts: Vec<&str> = header.split(' ').collect();
    assert_eq!(parts.len(), 2);
    assert_eq!(parts[1], SIG);
    let h = Headers::svix(ID, TS, &header);
    assert_eq!(verify(&new, &h, BODY, TS).map(|v| v.matched_index), Ok(0));
    assert_eq!(verify(&old, &h, BODY, TS).map(|v| v.matched_index), Ok(1));
    assert_eq!(webhook::sign_many(&[], ID, TS, BODY), "");
}
