//! One delivery attempt over HTTP with ureq: Svix's constraints (no redirects, every status
//! is an answer, one global timeout, no automatic retry) and the classification of failures.

use std::io::Read as _;
use std::time::{Duration, Instant};

use ureq::Agent;
use ureq::http::Uri;

use crate::delivery::{Delivery, ResponseOutcome};

/// Response bytes kept for the excerpt.
const KEPT_BODY: u64 = 8 * 1024;

/// What one attempt produced.
#[derive(Debug)]
pub struct Attempt {
    pub outcome: Outcome,
    pub elapsed: Duration,
}

#[derive(Debug)]
pub enum Outcome {
    Reply(Reply),
    Timeout,
    /// Connected, then the exchange broke (reset, invalid HTTP…): a failure for Svix.
    Broken(String),
    /// Could not connect at all.
    Unreachable(String),
}

impl Outcome {
    pub fn response_outcome(&self) -> Option<ResponseOutcome> {
        match self {
            Self::Reply(reply) => Some(ResponseOutcome::Status(reply.status)),
            Self::Timeout => Some(ResponseOutcome::Timeout),
            Self::Broken(_) | Self::Unreachable(_) => None,
        }
    }

    pub fn is_success(&self) -> bool {
        matches!(self, Self::Reply(r) if (200..300).contains(&r.status))
    }
}

#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub reason: &'static str,
    pub location: Option<String>,
    /// Svix's `webhook-delivery` response header (`abort-message`, `disable`).
    pub delivery_control: Option<String>,
    pub body: Vec<u8>,
}

/// The parsed target: checked up front so usage errors exit 2 before anything is sent.
pub struct Target {
    pub url: String,
    pub loopback: bool,
    /// `host:port`, for messages and the up-front name lookup.
    pub authority: String,
}

pub fn parse_target(url: &str) -> anyhow::Result<Target> {
    let bad = || {
        anyhow::anyhow!(
            "URL invalide « {url} » : attendu http://hôte:port/chemin ou https://… (exemple : http://localhost:3000/api/webhooks)"
        )
    };
    let uri: Uri = url.parse().map_err(|_| bad())?;
    match uri.scheme_str() {
        Some("http" | "https") => {}
        _ => return Err(bad()),
    }
    let host = uri.host().ok_or_else(bad)?;
    let host = host.trim_start_matches('[').trim_end_matches(']');
    let loopback = host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback());
    // `Uri::port` is None for 99999 as for no port at all: the written port decides.
    let port = match written_port(&uri) {
        Some(written) => match written.parse::<u16>() {
            Ok(port) if port >= 1 => port,
            _ => anyhow::bail!(
                "URL invalide « {url} » : le port « {written} » est hors limites ; attendu : un port de 1 à 65535 (exemple : http://localhost:3000/api/webhooks)"
            ),
        },
        None if uri.scheme_str() == Some("https") => 443,
        None => 80,
    };
    Ok(Target {
        url: url.to_owned(),
        loopback,
        authority: format!("{}:{port}", uri.host().unwrap_or(host)),
    })
}

/// The port as written in the URL's authority (`[::1]:8080`, `user@host:99999`), even
/// one that does not fit a `u16`.
fn written_port(uri: &Uri) -> Option<&str> {
    let authority = uri.authority()?.as_str();
    let host_port = authority.rsplit('@').next().unwrap_or(authority);
    let port = match host_port.rfind(']') {
        Some(end) => host_port[end + 1..].strip_prefix(':'),
        None => host_port.rsplit_once(':').map(|(_, port)| port),
    };
    // `http://host:/` is the default port, as in the URL standard.
    port.filter(|p| !p.is_empty())
}

/// Resolves the host name first, so an unknown host is reported as unreachable (exit 2)
/// rather than as a broken exchange.
pub fn check_resolves(target: &Target) -> Result<(), String> {
    use std::net::ToSocketAddrs as _;
    match target.authority.to_socket_addrs() {
        Ok(addrs) if addrs.len() > 0 => Ok(()),
        Ok(_) => Err(format!("hôte « {} » sans adresse", target.authority)),
        // The resolver's text is English ("Name or service not known"): not shown.
        Err(_) => Err(format!(
            "hôte introuvable « {} » — vérifiez le nom de domaine",
            target.authority
        )),
    }
}

/// An agent that behaves like Svix's sender.
pub fn agent(timeout: Duration, target: &Target) -> Agent {
    let mut config = Agent::config_builder()
        .timeout_global(Some(timeout))
        .timeout_connect(Some(timeout.min(Duration::from_secs(5))))
        // Svix treats a redirect as a failure and never follows it.
        .max_redirects(0)
        // 4xx and 5xx are answers to diagnose, not errors.
        .http_status_as_error(false)
        .user_agent(crate::delivery::USER_AGENT);
    if target.loopback {
        // A proxy from the environment must not intercept a local endpoint.
        config = config.proxy(None);
    }
    config.build().new_agent()
}

pub fn post(agent: &Agent, target: &Target, delivery: &Delivery) -> Attempt {
    let start = Instant::now();
    let mut request = agent.post(&target.url);
    for (name, value) in delivery.headers() {
        request = request.header(name, value);
    }
    let outcome = match request.send(&delivery.body[..]) {
        Ok(mut response) => {
            let status = response.status();
            let header = |name: &str| {
                response
                    .headers()
                    .get(name)
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_owned)
            };
            let location = header("location");
            let delivery_control = header("webhook-delivery");
            let mut body = Vec::new();
            let read = response
                .body_mut()
                .as_reader()
                .take(KEPT_BODY)
                .read_to_end(&mut body);
            match read {
                Err(err) if is_timeout(&err) => Outcome::Timeout,
                // A body cut short still leaves the status, which is what Svix looks at.
                _ => Outcome::Reply(Reply {
                    status: status.as_u16(),
                    reason: status.canonical_reason().unwrap_or(""),
                    location,
                    delivery_control,
                    body,
                }),
            }
        }
        Err(err) => classify(err),
    };
    Attempt {
        outcome,
        elapsed: start.elapsed(),
    }
}

fn is_timeout(err: &std::io::Error) -> bool {
    matches!(
        err.kind(),
        std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock
    ) || err
        .get_ref()
        .and_then(|e| e.downcast_ref::<ureq::Error>())
        .is_some_and(|e| matches!(e, ureq::Error::Timeout(_)))
}

fn classify(err: ureq::Error) -> Outcome {
    use std::io::ErrorKind;
    match err {
        ureq::Error::Timeout(_) => Outcome::Timeout,
        ureq::Error::HostNotFound => {
            Outcome::Unreachable("hôte introuvable (vérifiez le nom de domaine)".to_owned())
        }
        ureq::Error::ConnectionFailed => Outcome::Unreachable(
            "connexion impossible — votre serveur tourne-t-il sur ce port ?".to_owned(),
        ),
        ureq::Error::Io(io) if io.kind() == ErrorKind::ConnectionRefused => {
            Outcome::Unreachable(
                "connexion refusée — votre serveur tourne-t-il sur ce port ? (par exemple « npm run dev » pour Next.js sur le port 3000), et l'URL est-elle exacte ?"
                    .to_owned(),
            )
        }
        ureq::Error::Io(io)
            if matches!(
                io.kind(),
                ErrorKind::HostUnreachable
                    | ErrorKind::NetworkUnreachable
                    | ErrorKind::AddrNotAvailable
            ) =>
        {
            Outcome::Unreachable(format!("réseau injoignable ({})", crate::files::io_reason(&io)))
        }
        ureq::Error::Io(io) if io.kind() == ErrorKind::TimedOut => Outcome::Timeout,
        ureq::Error::Io(io) => Outcome::Broken(format!(
            "connexion interrompue ({})",
            crate::files::io_reason(&io)
        )),
        tls @ (ureq::Error::Tls(_) | ureq::Error::Rustls(_)) => {
            Outcome::Unreachable(crate::french::http_error(&tls))
        }
        other => Outcome::Broken(crate::french::http_error(&other)),
    }
}
