//! `listen`: runs a [`Listener`] in the foreground and prints one line per request (or one
//! JSON object per line with `--json`). Ctrl-C ends it (nothing to restore).

use std::io::Write as _;
use std::net::{IpAddr, SocketAddr};
use std::process::ExitCode;

use anyhow::Context as _;

use crate::cli::{GlobalArgs, ListenArgs};
use crate::listen::store::Database;
use crate::listen::{Listener, ListenerConfig, json_line, text_line};

pub fn run(_global: &GlobalArgs, args: &ListenArgs) -> anyhow::Result<ExitCode> {
    let (secret, generated) = match &args.secret {
        Some(text) => (super::parse_secret(text)?, false),
        None => (super::generate_secret()?, true),
    };
    let host: IpAddr = if args.host.eq_ignore_ascii_case("localhost") {
        IpAddr::from([127, 0, 0, 1])
    } else {
        args.host.parse().with_context(|| {
            format!(
                "--host « {} » n'est pas une adresse IP (exemples : 127.0.0.1, ::1, 0.0.0.0)",
                args.host
            )
        })?
    };
    if args.max_requests == Some(0) {
        anyhow::bail!("--max-requests doit valoir au moins 1");
    }
    let database = match &args.database {
        Some(url) => Some(Database::open(url).map_err(anyhow::Error::msg)?),
        None => None,
    };
    let config = ListenerConfig {
        max_requests: args.max_requests,
        database: database.clone(),
        ..ListenerConfig::new(secret.clone())
    };
    let (tx, rx) = std::sync::mpsc::channel();
    // Transport notices (load shed, descriptors exhausted, heads refused) go to stderr, so
    // stdout stays one line per request, and the listener goes on.
    let listener = Listener::start_with_notices(
        SocketAddr::new(host, args.port),
        config,
        move |e| {
            let _ = tx.send(e);
        },
        |notice, count| {
            let times = if count > 1 {
                format!(" ({count} fois depuis le dernier message)")
            } else {
                String::new()
            };
            // Nothing useful to do if stderr itself is gone.
            let _ = writeln!(std::io::stderr().lock(), "⚠ listen : {notice}{times}");
        },
    )?;
    let addr = listener.local_addr();
    let whsec = secret.to_whsec();
    let mut out = super::output::stdout();
    if args.json {
        let start = serde_json::json!({
            "listening": format!("http://{addr}"),
            "secret": whsec,
            "generated_secret": generated,
            "database": database.as_ref().map(Database::shown),
        });
        writeln!(out, "{start}")?;
    } else {
        writeln!(out, "En écoute sur http://{addr} — secret : {whsec}")?;
        if generated {
            writeln!(
                out,
                "(secret généré pour cette session : passez-le à « webhook-tutor send … --secret {whsec} » ou à votre application)"
            )?;
        }
        if let Some(db) = &database {
            writeln!(
                out,
                "Base : {} — chaque événement vérifié y est appliqué (table User, upsert sur clerkId, doublons ignorés grâce à svix-id)",
                db.shown()
            )?;
        }
        if !host.is_loopback() {
            writeln!(
                out,
                "⚠ adresse {host} : d'autres machines du réseau peuvent joindre ce récepteur"
            )?;
        }
        writeln!(
            out,
            "Une ligne par requête (heures en UTC). Ctrl-C pour arrêter."
        )?;
    }
    out.flush()?;
    drop(out);
    // The channel closes when the listener has stopped (after --max-requests).
    for event in rx {
        let line = if args.json {
            json_line(&event)
        } else {
            text_line(&event)
        };
        let mut out = super::output::stdout();
        writeln!(out, "{line}")?;
        out.flush()?;
    }
    listener.wait();
    Ok(ExitCode::SUCCESS)
}
