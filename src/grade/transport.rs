//! How the grader reaches the endpoint: the [`Transport`] trait the runner uses (so tests can
//! pass their own), the URL check done before anything is sent, and [`HttpTransport`], which
//! posts like Svix does with ureq (no redirects followed, every status is an answer, one
//! timeout per request, response bodies capped).

use std::io::Read as _;
use std::time::Duration;

use ureq::Agent;

use super::report::Answer;

/// Response bodies larger than this abort the run: no webhook endpoint answers with megabytes.
pub const MAX_RESPONSE_BODY: u64 = 1024 * 1024;

/// Characters of a body kept in reports.
pub const EXCERPT_CHARS: usize = 300;

/// A transport failure that ends the run (exit 2), rather than failing one check.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Fatal {
    #[error("impossible de joindre l’endpoint : {0}")]
    Unreachable(String),
    #[error(
        "l’endpoint a renvoyé une réponse de plus de {} Mio : un endpoint de webhook répond par un corps vide ou court — vérifiez l’URL (est-ce bien la route du webhook, pas une page ?)",
        MAX_RESPONSE_BODY / (1024 * 1024)
    )]
    ResponseTooLarge,
}

/// Posts one request; `Ok` is whatever the endpoint answered (timeouts included).
pub trait Transport: Sync {
    fn post(&self, headers: &[(String, String)], body: &[u8]) -> Result<Answer, Fatal>;
}

/// A checked endpoint URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub url: String,
    /// Host without brackets, lower-case.
    pub host: String,
    pub port: u16,
    pub https: bool,
}

impl Target {
    /// Checks scheme, host and port, with a French message naming what is wrong.
    pub fn parse(url: &str) -> Result<Self, String> {
        let example = "exemple : http://localhost:3000/api/webhooks";
        let (scheme, rest) = url.split_once("://").ok_or_else(|| {
            format!("URL invalide « {url} » : attendu http://… ou https://… ({example})")
        })?;
        let https = match scheme.to_ascii_lowercase().as_str() {
            "http" => false,
            "https" => true,
            other => {
                return Err(format!(
                    "URL « {url} » : le schéma « {other} » n’est pas pris en charge — un webhook arrive en http ou https ({example})"
                ));
            }
        };
        let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
        let authority = authority.rsplit('@').next().unwrap_or(authority);
        let (host, port_text) = if let Some(inner) = authority.strip_prefix('[') {
            let (host, after) = inner
                .split_once(']')
                .ok_or_else(|| format!("URL « {url} » : adresse IPv6 sans « ] » ({example})"))?;
            (host, after.strip_prefix(':'))
        } else {
            match authority.rsplit_once(':') {
                Some((host, port)) => (host, Some(port)),
                None => (authority, None),
            }
        };
        if host.is_empty() {
            return Err(format!("URL « {url} » : l’hôte manque ({example})"));
        }
        let port = match port_text {
            None | Some("") => {
                if https {
                    443
                } else {
                    80
                }
            }
            Some(text) => match text.parse::<u32>() {
                Ok(n @ 1..=65535) => u16::try_from(n).unwrap_or(80),
                _ => {
                    return Err(format!(
                        "URL « {url} » : le port « {text} » est hors limites — attendu un nombre de 1 à 65535"
                    ));
                }
            },
        };
        // ureq must accept it too (characters, percent-encoding…).
        url.parse::<ureq::http::Uri>()
            .map_err(|_| format!("URL invalide « {url} » ({example})"))?;
        Ok(Self {
            url: url.to_owned(),
            host: host.to_ascii_lowercase(),
            port,
            https,
        })
    }

    pub fn is_loopback(&self) -> bool {
        self.host == "localhost"
            || self.host.ends_with(".localhost")
            || self
                .host
                .parse::<std::net::IpAddr>()
                .is_ok_and(|ip| ip.is_loopback())
    }
}

/// Tunnel services whose URLs point at the learner's own machine.
pub const TUNNEL_DOMAINS: &[&str] = &[
    "ngrok.io",
    "ngrok.app",
    "ngrok-free.app",
    "ngrok-free.dev",
    "ngrok.dev",
    "trycloudflare.com",
    "loca.lt",
    "localhost.run",
    "lhr.life",
    "serveo.net",
    "serveousercontent.com",
    "devtunnels.ms",
    "pinggy.link",
    "pinggy.online",
    "tunnelmole.net",
];

/// `Some(reason)` when the grader must ask before writing test users behind this URL.
pub fn confirmation_reason(target: &Target) -> Option<String> {
    if target.is_loopback() {
        return None;
    }
    let tunnel = TUNNEL_DOMAINS
        .iter()
        .any(|d| target.host == *d || target.host.ends_with(&format!(".{d}")));
    if tunnel {
        return None;
    }
    Some(format!(
        "« {} » n’est ni cette machine ni un tunnel connu : le labo va créer puis supprimer des utilisateurs de test (user_lab_…) dans la base qui se trouve derrière cette URL",
        target.host
    ))
}

/// The real transport.
pub struct HttpTransport {
    agent: Agent,
    target: Target,
    timeout: Duration,
}

impl HttpTransport {
    pub fn new(target: Target, timeout: Duration) -> Self {
        let mut config = Agent::config_builder()
            .timeout_global(Some(timeout))
            .timeout_connect(Some(timeout.min(Duration::from_secs(5))))
            // Svix treats a redirect as a failure and never follows it.
            .max_redirects(0)
            .http_status_as_error(false)
            .user_agent(crate::delivery::USER_AGENT);
        if target.is_loopback() {
            // A proxy from the environment must not intercept a local endpoint.
            config = config.proxy(None);
        }
        Self {
            agent: config.build().new_agent(),
            target,
            timeout,
        }
    }
}

impl Transport for HttpTransport {
    fn post(&self, headers: &[(String, String)], body: &[u8]) -> Result<Answer, Fatal> {
        let mut request = self.agent.post(&self.target.url);
        for (name, value) in headers {
            request = request.header(name.as_str(), value.as_str());
        }
        let secs = self.timeout.as_secs();
        let mut response = match request.send(body) {
            Ok(response) => response,
            Err(err) => return classify(err, secs),
        };
        let status = response.status().as_u16();
        let location = response
            .headers()
            .get("location")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let mut bytes = Vec::new();
        let read = response
            .body_mut()
            .with_config()
            .limit(MAX_RESPONSE_BODY + 1)
            .reader()
            .take(MAX_RESPONSE_BODY + 1)
            .read_to_end(&mut bytes);
        match read {
            Err(err) if is_timeout(&err) => return Ok(Answer::Timeout { secs }),
            _ if bytes.len() as u64 > MAX_RESPONSE_BODY => return Err(Fatal::ResponseTooLarge),
            // A body cut short still leaves the status, which is what Svix looks at.
            _ => {}
        }
        Ok(Answer::Status {
            status,
            location,
            body_excerpt: crate::delivery::excerpt(&bytes, EXCERPT_CHARS),
        })
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

fn classify(err: ureq::Error, secs: u64) -> Result<Answer, Fatal> {
    use std::io::ErrorKind;
    match err {
        ureq::Error::Timeout(_) => Ok(Answer::Timeout { secs }),
        ureq::Error::HostNotFound => Err(Fatal::Unreachable(
            "hôte introuvable — vérifiez le nom de domaine".to_owned(),
        )),
        ureq::Error::ConnectionFailed => Err(Fatal::Unreachable(
            "connexion impossible — votre serveur tourne-t-il sur ce port ?".to_owned(),
        )),
        ureq::Error::Io(io) if io.kind() == ErrorKind::ConnectionRefused => Err(Fatal::Unreachable(
            "connexion refusée — votre serveur tourne-t-il sur ce port (par exemple « npm run dev ») et l’URL est-elle exacte ?"
                .to_owned(),
        )),
        ureq::Error::Io(io)
            if matches!(
                io.kind(),
                ErrorKind::HostUnreachable
                    | ErrorKind::NetworkUnreachable
                    | ErrorKind::AddrNotAvailable
            ) =>
        {
            Err(Fatal::Unreachable(format!(
                "réseau injoignable ({})",
                crate::course::io_reason(&io)
            )))
        }
        ureq::Error::Io(io) if io.kind() == ErrorKind::TimedOut => Ok(Answer::Timeout { secs }),
        ureq::Error::Io(io) => Ok(Answer::Broken(format!(
            "connexion interrompue ({})",
            crate::course::io_reason(&io)
        ))),
        tls @ (ureq::Error::Tls(_) | ureq::Error::Rustls(_)) => {
            Err(Fatal::Unreachable(crate::french::http_error(&tls)))
        }
        ureq::Error::TooManyRedirects | ureq::Error::RedirectFailed => Ok(Answer::Broken(
            "redirection refusée (Svix ne suit jamais les redirections)".to_owned(),
        )),
        other => Ok(Answer::Broken(format!(
            "échange HTTP invalide ({})",
            crate::french::http_error(&other)
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_checked_before_anything_is_sent() {
        let t = Target::parse("http://localhost:3000/api/webhooks").unwrap();
        assert_eq!(
            (t.host.as_str(), t.port, t.https),
            ("localhost", 3000, false)
        );
        assert!(t.is_loopback());
        let t = Target::parse("https://[::1]/x").unwrap();
        assert_eq!((t.host.as_str(), t.port), ("::1", 443));
        assert!(t.is_loopback());
        for (url, part) in [
            ("ftp://x/y", "schéma « ftp »"),
            ("localhost:3000", "attendu http://"),
            (
                "http://localhost:99999/x",
                "port « 99999 » est hors limites",
            ),
            ("http://localhost:0/x", "port « 0 »"),
            ("http:///x", "l’hôte manque"),
        ] {
            let err = Target::parse(url).unwrap_err();
            assert!(err.contains(part), "{url}: {err}");
        }
    }

    #[test]
    fn only_remote_hosts_need_a_confirmation() {
        let reason = |url: &str| confirmation_reason(&Target::parse(url).unwrap());
        assert_eq!(reason("http://127.0.0.1:8787/"), None);
        assert_eq!(reason("http://app.localhost:3000/"), None);
        assert_eq!(reason("https://abc-12.ngrok-free.app/api/webhooks"), None);
        assert_eq!(reason("https://x.trycloudflare.com/"), None);
        let why = reason("https://potagers.fr/api/webhooks").unwrap();
        assert!(why.contains("« potagers.fr »"), "{why}");
        assert!(reason("https://evilngrok.io/").is_some());
    }
}
