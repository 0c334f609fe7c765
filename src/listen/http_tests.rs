//! The head parser and framing rules, pure; the socket side is tested through real
//! connections in `tests/listen_robustness.rs`.

use std::time::Duration;

use super::*;

fn head(text: &str) -> Result<Option<Head>, HeadError> {
    parse_head(text.as_bytes())
}

#[test]
fn a_webhook_head_parses_with_its_framing() {
    let parsed = head(
        "POST /api/webhooks?x=1 HTTP/1.1\r\nHost: x\r\nsvix-id: msg_1\r\nContent-Length: 42\r\n\r\n",
    )
    .unwrap()
    .unwrap();
    assert_eq!(parsed.method, "POST");
    assert_eq!(parsed.path, "/api/webhooks?x=1");
    assert_eq!(parsed.framing, Framing::Length(42));
    assert!(parsed.keep_alive);
    assert!(!parsed.expect_continue);
    assert_eq!(
        parsed.headers,
        [
            ("Host".to_owned(), "x".to_owned()),
            ("svix-id".to_owned(), "msg_1".to_owned()),
            ("Content-Length".to_owned(), "42".to_owned())
        ]
    );
}

#[test]
fn connection_rules_follow_the_version() {
    let close = head("POST / HTTP/1.1\r\nConnection: close\r\n\r\n")
        .unwrap()
        .unwrap();
    assert!(!close.keep_alive);
    let old = head("POST / HTTP/1.0\r\n\r\n").unwrap().unwrap();
    assert!(!old.keep_alive);
    let old_kept = head("POST / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n")
        .unwrap()
        .unwrap();
    assert!(old_kept.keep_alive);
    let expect = head("POST / HTTP/1.1\r\nExpect: 100-continue\r\n\r\n")
        .unwrap()
        .unwrap();
    assert!(expect.expect_continue);
    assert_eq!(expect.framing, Framing::Length(0));
}

#[test]
fn ambiguous_or_unsupported_framing_is_refused() {
    assert_eq!(
        head("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n"),
        Err(HeadError::Malformed(
            "Content-Length et Transfer-Encoding à la fois".into()
        ))
    );
    assert_eq!(
        head("POST / HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n"),
        Err(HeadError::Malformed(
            "Content-Length « 3, 4 » invalide".into()
        ))
    );
    assert_eq!(
        head("POST / HTTP/1.1\r\nContent-Length: +3\r\n\r\n"),
        Err(HeadError::Malformed(
            "Content-Length « +3 » invalide".into()
        ))
    );
    assert_eq!(
        head("POST / HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n"),
        Err(HeadError::Unsupported("gzip, chunked".into()))
    );
    assert_eq!(
        head("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n")
            .unwrap()
            .unwrap()
            .framing,
        Framing::Chunked
    );
    // The same value repeated is the same length (RFC 9110 §8.6).
    assert_eq!(
        head("POST / HTTP/1.1\r\nContent-Length: 3, 3\r\n\r\n")
            .unwrap()
            .unwrap()
            .framing,
        Framing::Length(3)
    );
}

#[test]
fn malformed_heads_say_why_in_french() {
    assert_eq!(
        head("POST / HTTP/2.0\r\n\r\n"),
        Err(HeadError::Malformed(
            "version HTTP invalide (HTTP/1.0 ou HTTP/1.1 attendu)".into()
        ))
    );
    assert_eq!(
        head("POST / HTTP/1.1\r\nbad header\r\n\r\n")
            .unwrap_err()
            .status(),
        400
    );
    let many: String = (0..=MAX_HEADERS).map(|i| format!("x-{i}: v\r\n")).collect();
    let err = head(&format!("POST / HTTP/1.1\r\n{many}\r\n")).unwrap_err();
    assert_eq!(err, HeadError::TooManyHeaders);
    assert_eq!(err.status(), 431);
    assert_eq!(
        HeadError::TooLarge { limit: 16384 }.to_string(),
        "en-têtes trop gros : plus de 16384 octets — une requête de webhook en fait moins d'un kilo-octet"
    );
}

#[test]
fn empty_lines_before_a_request_are_skipped() {
    assert_eq!(head("\r\n\r\n"), Ok(None));
    assert_eq!(
        head("\r\nPOST / HTTP/1.1\r\n\r\n").unwrap().unwrap().method,
        "POST"
    );
}

#[test]
fn the_end_of_a_head_is_found_from_where_the_scan_stopped() {
    let data = b"POST / HTTP/1.1\r\nA: b\r\n\r\nBODY";
    assert_eq!(head_end(data, 0), Some(data.len() - 4));
    assert_eq!(head_end(data, 20), Some(data.len() - 4));
    assert_eq!(head_end(b"POST / HTTP/1.1\nA: b\n\nX", 0), Some(22));
    assert_eq!(head_end(b"POST / HTTP/1.1\r\nA: b\r\n", 0), None);
}

#[test]
fn responses_are_framed() {
    assert_eq!(
        format_response(204, "", &[("X-A", "b")], false),
        "HTTP/1.1 204 No Content\r\nX-A: b\r\n\r\n"
    );
    assert_eq!(
        format_response(503, "plein\n", &[("Retry-After", "1")], true),
        "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 6\r\nContent-Type: text/plain; charset=utf-8\r\nRetry-After: 1\r\nConnection: close\r\n\r\nplein\n"
    );
}

/// Time to find the end of a head fed `chunk` bytes at a time, as a slow client sends it.
fn scan_time(len: usize, chunk: usize) -> Duration {
    let mut data = b"POST / HTTP/1.1\r\n".to_vec();
    while data.len() < len {
        data.extend_from_slice(b"x-pad: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n");
    }
    data.extend_from_slice(b"\r\n");
    // This thread's CPU time: waiting for a core on a loaded machine is not the parser's.
    let start = cpu_time::ThreadTime::now();
    let mut scanned = 0;
    let mut found = None;
    for end in (chunk..=data.len()).step_by(chunk).chain([data.len()]) {
        found = head_end(&data[..end], scanned);
        if found.is_some() {
            break;
        }
        scanned = end.saturating_sub(3);
    }
    assert_eq!(found, Some(data.len()));
    start.elapsed()
}

/// A head trickled in small pieces is scanned once, not once per piece: 4× the bytes cost
/// about 4× the time (under 6× allows for noise), never 16×. Sizes are kept small so each
/// run fits in a scheduler slice on a loaded machine; the best of several runs is compared.
#[test]
fn scanning_a_trickled_head_is_linear() {
    let best = |len| (0..9).map(|_| scan_time(len, 7)).min().unwrap();
    let (small, large) = (best(16 * 1024), best(64 * 1024));
    let ratio = large.as_secs_f64() / small.as_secs_f64().max(1e-9);
    assert!(ratio < 6.0, "4× the head took {ratio:.1}× the time");
}

proptest::proptest! {
    /// Whatever the bytes, the parser answers without panicking, and a head it accepts has a
    /// method, a path and a framing it can honour.
    #[test]
    fn any_bytes_parse_or_fail_cleanly(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..512)) {
        if let Ok(Some(parsed)) = parse_head(&bytes) {
            proptest::prop_assert!(!parsed.method.is_empty());
            proptest::prop_assert!(!parsed.path.is_empty());
        }
    }

    /// Any Content-Length value either parses to exactly that number or is refused with 400.
    #[test]
    fn content_length_is_exact_or_refused(value in "[0-9a-z+ -]{0,24}") {
        let text = format!("POST / HTTP/1.1\r\nContent-Length: {value}\r\n\r\n");
        match parse_head(text.as_bytes()) {
            Ok(Some(parsed)) => {
                let trimmed = value.trim();
                if trimmed.is_empty() {
                    proptest::prop_assert_eq!(parsed.framing, Framing::Length(0));
                } else {
                    proptest::prop_assert_eq!(parsed.framing, Framing::Length(trimmed.parse::<u64>().unwrap()));
                }
            }
            Ok(None) => proptest::prop_assert!(false, "complete head"),
            Err(err) => proptest::prop_assert_eq!(err.status(), 400),
        }
    }
}
