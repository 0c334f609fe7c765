//! Raw HTTP requests as a learner captures them (`nc -l`, a proxy, a log): an optional request
//! line, headers, a blank line, then the body bytes exactly. Parsing is `httparse`'s; this file
//! only finds where things start and reports problems in French.

use super::headers::{HeaderField, Headers};

/// Most headers a captured request may carry.
const MAX_HEADERS: usize = 128;

/// Largest head (request line and headers) of a capture: 64 KiB, four times what Node.js
/// or `listen` accept (a webhook's head is under 1 KiB). Past it the capture is refused
/// before any parsing, so a file without a blank line costs one bounded scan.
pub const MAX_HEAD_BYTES: usize = 64 * 1024;

/// A parsed capture.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawRequest {
    /// `POST`, when the capture starts with a request line.
    pub method: Option<String>,
    pub path: Option<String>,
    pub headers: Headers,
    /// Every byte after the blank line, untouched.
    pub body: Vec<u8>,
    pub warnings: Vec<RequestWarning>,
}

/// Something suspicious that does not stop the verification.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RequestWarning {
    #[error(
        "Content-Length annonce {declared} octets mais le corps en fait {actual} — un éditeur a peut-être ajouté ou retiré un retour à la ligne final ; la signature porte sur les octets exacts reçus"
    )]
    ContentLengthMismatch { declared: u64, actual: usize },
    #[error("Content-Length illisible : « {value} » n'est pas un nombre d'octets")]
    ContentLengthInvalid { value: String },
    #[error(
        "l'en-tête {name} est donné {count} fois : seule la première valeur (« {kept} ») est vérifiée, comme le fait la crate Rust svix ; gardez-en un seul"
    )]
    RepeatedHeader {
        name: String,
        kept: String,
        count: usize,
    },
}

/// One [`RequestWarning::RepeatedHeader`] per signature header (`svix-*` or `webhook-*`)
/// given more than once: lookup takes the first, so the others are silently unused.
pub fn repeated_signature_headers(headers: &Headers) -> Vec<RequestWarning> {
    let names = HeaderField::ALL
        .into_iter()
        .flat_map(|f| [f.svix_name(), f.webhook_name()]);
    names
        .filter_map(|name| {
            let count = headers
                .iter()
                .filter(|(n, _)| n.eq_ignore_ascii_case(name))
                .count();
            let kept = headers.get(name)?;
            (count > 1).then(|| RequestWarning::RepeatedHeader {
                name: name.to_owned(),
                kept: kept.to_owned(),
                count,
            })
        })
        .collect()
}

/// Why a capture cannot be read as a request.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RequestError {
    #[error(
        "fin des en-têtes introuvable : ajoutez une ligne vide entre les en-têtes et le corps (même si le corps est vide)"
    )]
    NoBlankLine,
    #[error("requête HTTP illisible à la ligne {line} : {reason}")]
    Malformed { line: usize, reason: &'static str },
    #[error("trop d'en-têtes (plus de {MAX_HEADERS}) : gardez ceux de la requête reçue")]
    TooManyHeaders,
    #[error(
        "en-têtes trop longs : aucune ligne vide dans les {} premiers Kio — une requête de webhook a moins de 1 Kio d'en-têtes ; vérifiez que le fichier est bien une requête capturée, avec une ligne vide avant le corps",
        MAX_HEAD_BYTES / 1024
    )]
    HeadTooLarge,
    #[error(
        "corps envoyé en « Transfer-Encoding: chunked » : enregistrez le corps décodé dans un fichier et passez-le avec --payload et les en-têtes avec --header"
    )]
    Chunked,
}

/// Parses a capture. Accepts CRLF and bare LF line ends, with or without a request line.
pub fn parse_raw_request(input: &[u8]) -> Result<RawRequest, RequestError> {
    // Leading blank lines are noise from copy and paste.
    let start = input
        .iter()
        .position(|b| !matches!(b, b'\r' | b'\n'))
        .unwrap_or(input.len());
    let buf = input.get(start..).unwrap_or_default();
    // httparse only ever sees the first MAX_HEAD_BYTES: a longer head is Partial there.
    let head = buf.get(..MAX_HEAD_BYTES).unwrap_or(buf);
    let partial = || {
        if buf.len() > head.len() {
            RequestError::HeadTooLarge
        } else {
            RequestError::NoBlankLine
        }
    };
    let mut storage = [httparse::EMPTY_HEADER; MAX_HEADERS];

    let (method, path, consumed, parsed) = if starts_with_header(head) {
        match httparse::parse_headers(head, &mut storage) {
            Ok(httparse::Status::Complete((n, hs))) => (None, None, n, hs),
            Ok(httparse::Status::Partial) => return Err(partial()),
            Err(e) => return Err(malformed(head, e)),
        }
    } else {
        let mut req = httparse::Request::new(&mut storage);
        match req.parse(head) {
            Ok(httparse::Status::Complete(n)) => {
                let httparse::Request {
                    method,
                    path,
                    headers,
                    ..
                } = req;
                let headers: &[httparse::Header<'_>] = headers;
                (
                    method.map(str::to_owned),
                    path.map(str::to_owned),
                    n,
                    headers,
                )
            }
            Ok(httparse::Status::Partial) => return Err(partial()),
            Err(e) => return Err(malformed(head, e)),
        }
    };

    let mut headers = Headers::new();
    for h in parsed.iter() {
        // Invalid UTF-8 turns into U+FFFD, which verification then reports as a non-ASCII header.
        headers.append(h.name, String::from_utf8_lossy(h.value).into_owned());
    }
    if headers
        .get("transfer-encoding")
        .is_some_and(|v| v.to_ascii_lowercase().contains("chunked"))
    {
        return Err(RequestError::Chunked);
    }
    let body = buf.get(consumed..).unwrap_or_default().to_vec();
    let mut warnings = repeated_signature_headers(&headers);
    if let Some(value) = headers.get("content-length") {
        match value.trim().parse::<u64>() {
            Ok(declared) if usize::try_from(declared).ok() == Some(body.len()) => {}
            Ok(declared) => warnings.push(RequestWarning::ContentLengthMismatch {
                declared,
                actual: body.len(),
            }),
            Err(_) => warnings.push(RequestWarning::ContentLengthInvalid {
                value: value.to_owned(),
            }),
        }
    }
    Ok(RawRequest {
        method,
        path,
        headers,
        body,
        warnings,
    })
}

/// True when the first line is `name: value` rather than `METHOD target HTTP/1.1`.
fn starts_with_header(buf: &[u8]) -> bool {
    let line_end = buf.iter().position(|&b| b == b'\n').unwrap_or(buf.len());
    let line = buf.get(..line_end).unwrap_or_default();
    match line.iter().position(|&b| b == b':') {
        Some(colon) => line
            .get(..colon)
            .is_some_and(|name| !name.is_empty() && !name.iter().any(|b| b.is_ascii_whitespace())),
        None => false,
    }
}

fn malformed(buf: &[u8], err: httparse::Error) -> RequestError {
    if err == httparse::Error::TooManyHeaders {
        return RequestError::TooManyHeaders;
    }
    let reason = match err {
        httparse::Error::HeaderName => {
            "nom d'en-tête invalide (une ligne sans « : » ou avec un espace avant les deux-points ?)"
        }
        httparse::Error::HeaderValue => "valeur d'en-tête invalide (caractère de contrôle ?)",
        httparse::Error::NewLine => "fin de ligne invalide (un « \\r » isolé ?)",
        httparse::Error::Token | httparse::Error::Version | httparse::Error::Status => {
            "la première ligne doit être « POST /chemin HTTP/1.1 » ou directement un en-tête « nom: valeur »"
        }
        httparse::Error::TooManyHeaders => "trop d'en-têtes",
    };
    RequestError::Malformed {
        line: guess_line(buf, err),
        reason,
    }
}

/// httparse reports no position: point at the first line that is neither a header nor the
/// request line, which is where a learner's mistake usually is.
fn guess_line(buf: &[u8], err: httparse::Error) -> usize {
    if matches!(
        err,
        httparse::Error::Token | httparse::Error::Version | httparse::Error::Status
    ) {
        return 1;
    }
    let skip = usize::from(!starts_with_header(buf));
    buf.split(|&b| b == b'\n')
        .enumerate()
        .skip(skip)
        .take_while(|(_, l)| !l.is_empty() && *l != b"\r")
        .find(|(_, l)| !l.contains(&b':') || l.first().is_some_and(u8::is_ascii_whitespace))
        .map_or(1, |(i, _)| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crlf_with_request_line() {
        let raw = b"POST /api/webhooks HTTP/1.1\r\nHost: x\r\nsvix-id: msg_1\r\nContent-Length: 3\r\n\r\n{}\n";
        let r = parse_raw_request(raw).expect("parses");
        assert_eq!(r.method.as_deref(), Some("POST"));
        assert_eq!(r.path.as_deref(), Some("/api/webhooks"));
        assert_eq!(r.headers.get("SVIX-ID"), Some("msg_1"));
        assert_eq!(r.body, b"{}\n");
        assert_eq!(r.warnings, vec![]);
    }

    #[test]
    fn bare_lf_without_request_line() {
        let r =
            parse_raw_request(b"\nsvix-id: a\nsvix-timestamp: 1\n\n{\"a\":1}\r\n").expect("parses");
        assert_eq!(r.method, None);
        assert_eq!(r.headers.len(), 2);
        assert_eq!(r.body, b"{\"a\":1}\r\n");
    }

    #[test]
    fn repeated_signature_headers_are_warned_about_once_each() {
        let r = parse_raw_request(
            b"svix-id: a\nSVIX-ID: b\nsvix-id: c\nwebhook-signature: v1,x\nwebhook-signature: v1,y\naccept: 1\naccept: 2\n\n",
        )
        .expect("parses");
        assert_eq!(
            r.warnings,
            vec![
                RequestWarning::RepeatedHeader {
                    name: "svix-id".into(),
                    kept: "a".into(),
                    count: 3
                },
                RequestWarning::RepeatedHeader {
                    name: "webhook-signature".into(),
                    kept: "v1,x".into(),
                    count: 2
                },
            ]
        );
    }

    #[test]
    fn problems_are_reported() {
        assert_eq!(
            parse_raw_request(b"svix-id: a\n"),
            Err(RequestError::NoBlankLine)
        );
        assert_eq!(
            parse_raw_request(b"svix-id: a\ngarbage\n\n"),
            Err(RequestError::Malformed {
                line: 2,
                reason: "nom d'en-tête invalide (une ligne sans « : » ou avec un espace avant les deux-points ?)"
            })
        );
        assert_eq!(
            parse_raw_request(
                b"POST / HTTP/1.1\nTransfer-Encoding: chunked\n\n3\r\nabc\r\n0\r\n\r\n"
            ),
            Err(RequestError::Chunked)
        );
        let r = parse_raw_request(b"content-length: 2\n\nabc").expect("parses");
        assert_eq!(
            r.warnings,
            vec![RequestWarning::ContentLengthMismatch {
                declared: 2,
                actual: 3
            }]
        );
    }

    #[test]
    fn heads_past_64_kib_are_refused_but_big_bodies_are_not() {
        // One header value longer than the bound, never ended by a blank line.
        let mut long = b"POST /hook HTTP/1.1\r\nx-pad: ".to_vec();
        long.extend(std::iter::repeat_n(b'a', MAX_HEAD_BYTES));
        assert_eq!(parse_raw_request(&long), Err(RequestError::HeadTooLarge));
        long.extend_from_slice(b"\r\n\r\n{}");
        assert_eq!(parse_raw_request(&long), Err(RequestError::HeadTooLarge));
        // A short head stays fine whatever the body's size.
        let mut big_body = b"svix-id: a\n\n".to_vec();
        big_body.extend(std::iter::repeat_n(b'x', 4 * MAX_HEAD_BYTES));
        let r = parse_raw_request(&big_body).expect("parses");
        assert_eq!(r.body.len(), 4 * MAX_HEAD_BYTES);
        // Under the bound, a missing blank line is still named as such.
        assert_eq!(
            parse_raw_request(b"svix-id: a\nsvix-timestamp: 1\n"),
            Err(RequestError::NoBlankLine)
        );
    }

    /// Class 2: a capture 4 times larger (head without a blank line, or body) takes about
    /// 4 times as long to parse. CPU time, fastest of 5, ratio only.
    #[test]
    fn parsing_a_capture_is_linear() {
        let time = |input: &[u8]| {
            let start = cpu_time::ThreadTime::now();
            let parsed = parse_raw_request(input);
            let elapsed = start.elapsed();
            std::hint::black_box(parsed).ok();
            elapsed
        };
        // One header value of n KiB, never ended by a blank line.
        let head = |n: usize| {
            let mut v = b"POST / HTTP/1.1\nx-a: ".to_vec();
            v.extend(std::iter::repeat_n(b'b', n * 1024));
            v
        };
        let body = |n: usize| {
            let mut v = b"svix-id: a\n\n".to_vec();
            v.extend(std::iter::repeat_n(b'x', n * 1024));
            v
        };
        for (name, build) in [
            ("head", &head as &dyn Fn(usize) -> Vec<u8>),
            ("body", &body),
        ] {
            // 12 and 48 KiB: the 4n head stays under MAX_HEAD_BYTES.
            let (small, large) = (build(12), build(48));
            let (mut t1, mut t4) = (std::time::Duration::MAX, std::time::Duration::MAX);
            for _ in 0..5 {
                t1 = t1.min(time(&small));
                t4 = t4.min(time(&large));
            }
            let ratio = t4.as_secs_f64() / t1.as_secs_f64().max(1e-9);
            assert!(
                ratio < 6.0,
                "{name}: time(4n)/time(n) = {ratio:.1} ({t1:?}, {t4:?})"
            );
        }
    }
}
