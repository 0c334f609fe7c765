//! HTTP/1.1 on one accepted connection, every resource bounded: the head must arrive within
//! `header_timeout` and fit in `max_header_bytes` (else 408 or 431), the body within
//! `body_timeout` (else 408) and `max_body` (else 413), each measured on the socket itself
//! with read timeouts against a fixed deadline, so a client that trickles one byte at a
//! time gains nothing. Bodies are `Content-Length` or `chunked`; keep-alive and pipelining
//! are honoured. httparse parses the head; the rest is here.
//!
//! Every read waits at most [`SLICE`], then looks at the stop flag, so stopping the listener
//! never waits for a stalled client.

use std::io::{self, Read as _, Write as _};
use std::net::{Shutdown, SocketAddr, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use super::{ListenerConfig, Rejection};

/// Longest single wait on the socket before the stop flag and the deadline are checked.
const SLICE: Duration = Duration::from_millis(200);
/// Bytes asked of the socket per read.
const READ_CHUNK: usize = 16 * 1024;
/// Headers per request (Node.js allows 2,000; a webhook has about ten).
pub(super) const MAX_HEADERS: usize = 100;
/// Longest chunk-size line, extensions included.
const MAX_CHUNK_LINE: usize = 1024;
/// After an answer sent before the request was fully read, the rest is read and discarded
/// for at most this long and this much, so the client sees the answer rather than a reset;
/// a client that sends nothing for `LINGER_GAP` is done (nginx: lingering_time/_timeout).
const LINGER_TIME: Duration = Duration::from_secs(1);
const LINGER_GAP: Duration = Duration::from_millis(200);
const LINGER_BYTES: usize = 16 * 1024 * 1024;
/// How long writing an answer may take (a client that never reads).
pub(super) const WRITE_TIMEOUT: Duration = Duration::from_secs(5);

/// Why a read stopped.
enum Fail {
    /// The client closed (or reset) the connection.
    Closed,
    TimedOut,
    /// The listener is stopping.
    Stopped,
}

/// One connection's socket and the bytes read from it but not yet consumed.
pub(super) struct Conn<'a> {
    stream: TcpStream,
    remote: Option<SocketAddr>,
    buf: Vec<u8>,
    /// Start of the unconsumed bytes in `buf`.
    pos: usize,
    stop: &'a AtomicBool,
}

impl<'a> Conn<'a> {
    pub(super) fn new(stream: TcpStream, remote: Option<SocketAddr>, stop: &'a AtomicBool) -> Self {
        // Failing to set a timeout leaves the default (none): the read slices still bound us.
        let _ = stream.set_write_timeout(Some(WRITE_TIMEOUT));
        let _ = stream.set_nodelay(true);
        Self {
            stream,
            remote,
            buf: Vec::new(),
            pos: 0,
            stop,
        }
    }

    fn available(&self) -> &[u8] {
        self.buf.get(self.pos..).unwrap_or_default()
    }

    fn consume(&mut self, n: usize) {
        self.pos = (self.pos + n).min(self.buf.len());
        if self.pos == self.buf.len() {
            self.buf.clear();
            self.pos = 0;
        }
    }

    /// Reads whatever arrives before `deadline` and appends it.
    fn fill(&mut self, deadline: Instant) -> Result<usize, Fail> {
        let mut chunk = [0u8; READ_CHUNK];
        loop {
            if self.stop.load(Ordering::SeqCst) {
                return Err(Fail::Stopped);
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Err(Fail::TimedOut);
            }
            if self.stream.set_read_timeout(Some(left.min(SLICE))).is_err() {
                return Err(Fail::Closed);
            }
            match self.stream.read(&mut chunk) {
                Ok(0) => return Err(Fail::Closed),
                Ok(n) => {
                    if self.pos > 0 {
                        self.buf.drain(..self.pos);
                        self.pos = 0;
                    }
                    self.buf
                        .extend_from_slice(chunk.get(..n).unwrap_or_default());
                    return Ok(n);
                }
                Err(err)
                    if matches!(
                        err.kind(),
                        io::ErrorKind::WouldBlock
                            | io::ErrorKind::TimedOut
                            | io::ErrorKind::Interrupted
                    ) => {}
                Err(_) => return Err(Fail::Closed),
            }
        }
    }

    /// Reads the next request head. `first`: the connection is new, so the head must come
    /// within `header_timeout`; otherwise the client may first stay idle for `idle_timeout`.
    pub(super) fn read_head(
        &mut self,
        config: &ListenerConfig,
        first: bool,
    ) -> Result<Head, HeadError> {
        let mut started = first || !self.available().is_empty();
        let mut deadline = Instant::now()
            + if started {
                config.header_timeout
            } else {
                config.idle_timeout
            };
        let mut scanned = 0;
        loop {
            let data = self.available();
            if let Some(end) = head_end(data, scanned) {
                match parse_head(data.get(..end).unwrap_or_default())? {
                    Some(head) => {
                        self.consume(end);
                        return Ok(head);
                    }
                    // Only empty lines so far, which may precede a request.
                    None => scanned = end,
                }
            } else {
                scanned = data.len().saturating_sub(3);
            }
            if self.available().len() > config.max_header_bytes {
                return Err(HeadError::TooLarge {
                    limit: config.max_header_bytes,
                });
            }
            let had = !self.available().is_empty();
            match self.fill(deadline) {
                Ok(_) => {
                    if !started && !had {
                        started = true;
                        deadline = Instant::now() + config.header_timeout;
                    }
                }
                Err(Fail::TimedOut) if self.available().is_empty() => return Err(HeadError::Gone),
                Err(Fail::TimedOut) => {
                    return Err(HeadError::Timeout {
                        timeout: config.header_timeout,
                    });
                }
                Err(Fail::Closed | Fail::Stopped) => return Err(HeadError::Gone),
            }
        }
    }

    /// Writes a whole response; false if the client is gone or stopped reading.
    pub(super) fn write_response(
        &mut self,
        status: u16,
        text: &str,
        headers: &[(&str, &str)],
        close: bool,
    ) -> bool {
        let response = format_response(status, text, headers, close);
        self.stream
            .write_all(response.as_bytes())
            .and_then(|()| self.stream.flush())
            .is_ok()
    }

    /// Closes after an early answer: stop sending, then read and discard what the client
    /// is still sending (bounded), so it reads our answer instead of a reset.
    pub(super) fn linger(mut self) {
        let _ = self.stream.shutdown(Shutdown::Write);
        let deadline = Instant::now() + LINGER_TIME;
        let mut discarded = 0;
        while discarded < LINGER_BYTES {
            self.buf.clear();
            self.pos = 0;
            match self.fill(deadline.min(Instant::now() + LINGER_GAP)) {
                Ok(n) => discarded += n,
                Err(_) => break,
            }
        }
    }
}

/// Index just past the blank line ending a head, searching from `from`.
fn head_end(data: &[u8], from: usize) -> Option<usize> {
    let tail = data.get(from..)?;
    tail.windows(2).enumerate().find_map(|(i, w)| match w {
        b"\n\n" => Some(from + i + 2),
        b"\n\r" if tail.get(i + 2) == Some(&b'\n') => Some(from + i + 3),
        _ => None,
    })
}

/// A request head that failed; the connection closes after the answer, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum HeadError {
    /// Closed, idle past `idle_timeout`, or stopping: nothing to answer.
    Gone,
    Timeout {
        timeout: Duration,
    },
    TooLarge {
        limit: usize,
    },
    TooManyHeaders,
    Malformed(String),
    /// A transfer coding other than `chunked`.
    Unsupported(String),
}

impl HeadError {
    pub(super) fn status(&self) -> u16 {
        match self {
            Self::Gone => 0,
            Self::Timeout { .. } => 408,
            Self::TooLarge { .. } | Self::TooManyHeaders => 431,
            Self::Malformed(_) => 400,
            Self::Unsupported(_) => 501,
        }
    }
}

impl std::fmt::Display for HeadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Gone => f.write_str("connexion fermée"),
            Self::Timeout { timeout } => write!(
                f,
                "en-têtes incomplets après {} ms — le client a cessé d'envoyer",
                timeout.as_millis()
            ),
            Self::TooLarge { limit } => write!(
                f,
                "en-têtes trop gros : plus de {limit} octets — une requête de webhook en fait moins d'un kilo-octet"
            ),
            Self::TooManyHeaders => write!(
                f,
                "plus de {MAX_HEADERS} en-têtes — une requête de webhook en a une dizaine"
            ),
            Self::Malformed(what) => write!(f, "requête HTTP mal formée : {what}"),
            Self::Unsupported(coding) => write!(
                f,
                "Transfer-Encoding « {coding} » non pris en charge — seul « chunked » l'est"
            ),
        }
    }
}

/// How the body is delimited.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Framing {
    Length(u64),
    Chunked,
}

/// A parsed request head.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Head {
    pub method: String,
    pub path: String,
    pub headers: Vec<(String, String)>,
    pub framing: Framing,
    pub keep_alive: bool,
    pub expect_continue: bool,
}

/// Parses a complete head (`data` ends with its blank line). `None` when `data` holds only
/// the empty lines a client may send before a request.
pub(super) fn parse_head(data: &[u8]) -> Result<Option<Head>, HeadError> {
    let mut slots = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut request = httparse::Request::new(&mut slots);
    match request.parse(data) {
        Ok(httparse::Status::Complete(_)) => {}
        Ok(httparse::Status::Partial) => return Ok(None),
        Err(httparse::Error::TooManyHeaders) => return Err(HeadError::TooManyHeaders),
        Err(err) => return Err(HeadError::Malformed(parse_error(err).to_owned())),
    }
    let method = request.method.unwrap_or_default().to_owned();
    let path = request.path.unwrap_or_default().to_owned();
    let http11 = request.version == Some(1);
    let headers: Vec<(String, String)> = request
        .headers
        .iter()
        .map(|h| {
            (
                h.name.to_owned(),
                String::from_utf8_lossy(h.value).trim().to_owned(),
            )
        })
        .collect();
    let values = |name: &'static str| header_values(&headers, name);
    let has = |name, token: &str| values(name).any(|v| v.eq_ignore_ascii_case(token));
    let codings: Vec<&str> = values("transfer-encoding").collect();
    let lengths: Vec<&str> = values("content-length").collect();
    let framing = if !codings.is_empty() {
        if !lengths.is_empty() {
            return Err(HeadError::Malformed(
                "Content-Length et Transfer-Encoding à la fois".into(),
            ));
        }
        match codings.as_slice() {
            [only] if only.eq_ignore_ascii_case("chunked") && http11 => Framing::Chunked,
            _ => return Err(HeadError::Unsupported(codings.join(", "))),
        }
    } else if let Some(first) = lengths.first() {
        let valid = |v: &&str| !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit());
        match first.parse::<u64>() {
            Ok(n)
                if lengths
                    .iter()
                    .all(|v| valid(v) && v.parse::<u64>() == Ok(n)) =>
            {
                Framing::Length(n)
            }
            _ => {
                return Err(HeadError::Malformed(format!(
                    "Content-Length « {} » invalide",
                    lengths.join(", ")
                )));
            }
        }
    } else {
        Framing::Length(0)
    };
    let keep_alive = if http11 {
        !has("connection", "close")
    } else {
        has("connection", "keep-alive")
    };
    let expect_continue = http11 && has("expect", "100-continue");
    Ok(Some(Head {
        method,
        path,
        headers,
        framing,
        keep_alive,
        expect_continue,
    }))
}

/// The comma-separated values of every `name` header, trimmed, empty ones left out.
fn header_values<'h>(
    headers: &'h [(String, String)],
    name: &'static str,
) -> impl Iterator<Item = &'h str> + 'h {
    headers
        .iter()
        .filter(move |(n, _)| n.eq_ignore_ascii_case(name))
        .flat_map(|(_, v)| v.split(','))
        .map(str::trim)
        .filter(|v| !v.is_empty())
}

fn parse_error(err: httparse::Error) -> &'static str {
    match err {
        httparse::Error::HeaderName => "nom d'en-tête invalide",
        httparse::Error::HeaderValue => "valeur d'en-tête invalide",
        httparse::Error::NewLine => "fin de ligne invalide",
        httparse::Error::Token => "méthode ou chemin invalide",
        httparse::Error::Version => "version HTTP invalide (HTTP/1.0 ou HTTP/1.1 attendu)",
        httparse::Error::Status | httparse::Error::TooManyHeaders => "ligne de requête invalide",
    }
}

/// One request on a connection, handed to the request handler: its head, its body read on
/// demand, and its answer.
pub(super) struct Request<'c, 'a> {
    conn: &'c mut Conn<'a>,
    head: Head,
    body_timeout: Duration,
    /// The body was read to its end (or there was none): the connection can be reused.
    body_done: bool,
    responded: bool,
    /// The connection closes after this answer whatever happens.
    close: bool,
}

impl<'c, 'a> Request<'c, 'a> {
    pub(super) fn new(
        conn: &'c mut Conn<'a>,
        head: Head,
        body_timeout: Duration,
        last: bool,
    ) -> Self {
        Self {
            body_done: head.framing == Framing::Length(0),
            close: last || !head.keep_alive,
            conn,
            head,
            body_timeout,
            responded: false,
        }
    }

    pub(super) fn method(&self) -> &str {
        &self.head.method
    }

    pub(super) fn path(&self) -> &str {
        &self.head.path
    }

    pub(super) fn remote_addr(&self) -> Option<SocketAddr> {
        self.conn.remote
    }

    pub(super) fn headers(&self) -> impl Iterator<Item = (&str, &str)> {
        self.head
            .headers
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
    }

    /// The `Content-Length`, if the body is not chunked.
    pub(super) fn declared_length(&self) -> Option<u64> {
        match self.head.framing {
            Framing::Length(n) => Some(n),
            Framing::Chunked => None,
        }
    }

    /// Reads the whole body, at most `limit` bytes, before `body_timeout` has passed.
    pub(super) fn read_body(&mut self, limit: u64) -> Result<Vec<u8>, Rejection> {
        if self.body_done {
            return Ok(Vec::new());
        }
        if let Framing::Length(n) = self.head.framing
            && n > limit
        {
            return Err(Rejection::BodyTooLarge { limit });
        }
        if self.head.expect_continue {
            self.head.expect_continue = false;
            let _ = self.conn.stream.write_all(b"HTTP/1.1 100 Continue\r\n\r\n");
        }
        let deadline = Instant::now() + self.body_timeout;
        let mut body = Vec::new();
        let result = match self.head.framing {
            Framing::Length(n) => self.read_exact(&mut body, n, deadline),
            Framing::Chunked => self.read_chunked(&mut body, limit, deadline),
        };
        result.map_err(|fail| match fail {
            BodyFail::Rejected(rejection) => rejection,
            BodyFail::Read(Fail::TimedOut) => Rejection::BodyTimeout {
                timeout: self.body_timeout,
            },
            BodyFail::Read(Fail::Closed | Fail::Stopped) => Rejection::BodyUnreadable {
                reason: format!(
                    "connexion fermée par le client après {} octets de corps",
                    body.len()
                ),
            },
        })?;
        self.body_done = true;
        Ok(body)
    }

    fn read_exact(
        &mut self,
        body: &mut Vec<u8>,
        n: u64,
        deadline: Instant,
    ) -> Result<(), BodyFail> {
        let want = usize::try_from(n).unwrap_or(usize::MAX);
        body.reserve(want.min(READ_CHUNK * 64));
        loop {
            let data = self.conn.available();
            let take = data.len().min(want - body.len());
            body.extend_from_slice(data.get(..take).unwrap_or_default());
            self.conn.consume(take);
            if body.len() == want {
                return Ok(());
            }
            self.conn.fill(deadline).map_err(BodyFail::Read)?;
        }
    }

    fn read_chunked(
        &mut self,
        body: &mut Vec<u8>,
        limit: u64,
        deadline: Instant,
    ) -> Result<(), BodyFail> {
        let bad = |what: &str| {
            BodyFail::Rejected(Rejection::BodyUnreadable {
                reason: format!("encodage « chunked » invalide : {what}"),
            })
        };
        loop {
            let line = self.read_line(MAX_CHUNK_LINE, deadline)?;
            let size = match httparse::parse_chunk_size(&line) {
                Ok(httparse::Status::Complete((_, size))) => size,
                _ => return Err(bad("taille de morceau illisible")),
            };
            if size == 0 {
                // Trailers, bounded like a head, up to the blank line.
                let mut total = 0;
                loop {
                    let trailer = self.read_line(MAX_CHUNK_LINE, deadline)?;
                    total += trailer.len();
                    if trailer == b"\r\n" || trailer == b"\n" {
                        return Ok(());
                    }
                    if total > MAX_CHUNK_LINE * 8 {
                        return Err(bad("en-têtes de fin trop longs"));
                    }
                }
            }
            if (body.len() as u64).saturating_add(size) > limit {
                return Err(BodyFail::Rejected(Rejection::BodyTooLarge { limit }));
            }
            let end = body.len() as u64 + size;
            self.read_exact(body, end, deadline)?;
            let after = self.read_line(2, deadline)?;
            if after != b"\r\n" && after != b"\n" {
                return Err(bad("morceau plus long que sa taille annoncée"));
            }
        }
    }

    /// One line, its end included, at most `max` bytes.
    fn read_line(&mut self, max: usize, deadline: Instant) -> Result<Vec<u8>, BodyFail> {
        let mut scanned = 0;
        loop {
            let data = self.conn.available();
            if let Some(i) = data.iter().skip(scanned).position(|&b| b == b'\n') {
                let end = scanned + i + 1;
                let line = data.get(..end).unwrap_or_default().to_vec();
                self.conn.consume(end);
                return Ok(line);
            }
            scanned = data.len();
            if scanned > max {
                return Err(BodyFail::Rejected(Rejection::BodyUnreadable {
                    reason: "encodage « chunked » invalide : ligne trop longue".into(),
                }));
            }
            self.conn.fill(deadline).map_err(BodyFail::Read)?;
        }
    }

    /// Sends the answer; `close` asks for the connection to close after it.
    pub(super) fn respond(
        &mut self,
        status: u16,
        text: &str,
        headers: &[(&str, &str)],
        close: bool,
    ) {
        if self.responded {
            return;
        }
        self.responded = true;
        self.close |= close || !self.body_done || self.conn.stop.load(Ordering::SeqCst);
        if !self.conn.write_response(status, text, headers, self.close) {
            self.close = true;
        }
    }

    /// Whether the next request may be read from this connection, and whether the client
    /// may still be sending this one's body (so closing must linger).
    pub(super) fn finish(mut self) -> (bool, bool) {
        if !self.responded {
            self.respond(500, "erreur interne du récepteur\n", &[], true);
        }
        (!self.close, !self.body_done)
    }
}

enum BodyFail {
    Read(Fail),
    Rejected(Rejection),
}

fn reason_phrase(status: u16) -> &'static str {
    match status {
        100 => "Continue",
        200 => "OK",
        204 => "No Content",
        400 => "Bad Request",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        413 => "Content Too Large",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        503 => "Service Unavailable",
        _ => "",
    }
}

/// The bytes of a whole response. No `Content-Length` on 204, which has no body.
pub(super) fn format_response(
    status: u16,
    text: &str,
    headers: &[(&str, &str)],
    close: bool,
) -> String {
    let mut out = format!("HTTP/1.1 {status} {}\r\n", reason_phrase(status));
    if status != 204 {
        out.push_str(&format!("Content-Length: {}\r\n", text.len()));
    }
    if !text.is_empty() {
        out.push_str("Content-Type: text/plain; charset=utf-8\r\n");
    }
    for (name, value) in headers {
        out.push_str(&format!("{name}: {value}\r\n"));
    }
    if close {
        out.push_str("Connection: close\r\n");
    }
    out.push_str("\r\n");
    if status != 204 {
        out.push_str(text);
    }
    out
}

#[cfg(test)]
#[path = "http_tests.rs"]
mod tests;
