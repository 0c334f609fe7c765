//! `quiz`: the mandatory quiz, full screen in a terminal (the interface opened on the
//! quiz screen), else (`--plain`, or a pipe) as a line-by-line dialogue on standard
//! input and output; the quiz itself is loaded by [`Course::load_quiz`].

mod plain;

use std::io::{BufRead, IsTerminal as _, Write};
use std::process::ExitCode;

use anyhow::Context as _;

use crate::cli::{GlobalArgs, QuizArgs};
use crate::course::Course;
use crate::progress::{self, Store};
use crate::quiz::{AttemptMode, Session};

pub use plain::{Outcome, Shape, parse_answer, plain_markdown, write_results};

pub fn run(global: &GlobalArgs, args: &QuizArgs) -> anyhow::Result<ExitCode> {
    let course = Course::load(global.course.as_deref())?;
    let (quiz, sections) = match course.load_quiz() {
        Ok(loaded) => loaded,
        Err(problems) => {
            for p in &problems {
                super::output::warn(&p.to_string());
            }
            anyhow::bail!(
                "le quiz contient {} problème{} (détails ci-dessus) : corrigez le fichier puis relancez, ou lancez « {} »",
                problems.len(),
                if problems.len() > 1 { "s" } else { "" },
                course.origin.check_command()
            );
        }
    };
    let seed = args.seed.unwrap_or_else(crate::quiz::random_seed);
    let store = Store::open(global.data_dir.as_deref())?;
    if !args.plain && std::io::stdin().is_terminal() && std::io::stdout().is_terminal() {
        // The interface saves the attempt itself when the last answer is graded.
        let loaded = store.load_for_writing();
        let before = loaded.progress.attempts.len();
        let options = crate::tui::Options {
            quiz: Some(seed),
            ..super::read::tui_options(global)
        };
        crate::tui::run(course, loaded, store.clone(), &options)?;
        // Same exit code as the dialogue: the last attempt finished in this run decides.
        let after = store.load().progress.attempts;
        let failed = after.len() > before && after.last().is_some_and(|a| !a.passed);
        return Ok(if failed {
            ExitCode::from(1)
        } else {
            ExitCode::SUCCESS
        });
    }
    // Check the store before the questions, not after: an attempt that cannot be saved
    // should not cost the learner a whole quiz.
    // Another process running an attempt on this folder owns the saved one: this run
    // neither resumes nor overwrites it, and records its own attempt at the end. Claimed
    // before reading the progress, so an attempt that another run finished meanwhile is
    // not offered for resuming from a stale read.
    let claim = store.claim_attempt();
    let mut progress = check_store(&store)?;
    let stdin = std::io::stdin();
    let echo = !stdin.is_terminal();
    let mut input = stdin.lock();
    let mut out = super::output::stdout();
    if claim.is_none() {
        progress.quiz_in_progress = None;
        writeln!(
            out,
            "Une autre tentative est en cours dans un autre processus : celle-ci sera enregistrée à la fin seulement."
        )
        .context(PROMPT_FAILED)?;
    }
    let mut session = match choose_session(&quiz, seed, args, &progress, &mut input, &mut out)? {
        Some(session) => session,
        None => return Ok(ExitCode::SUCCESS),
    };
    if session.started().is_empty() {
        session.set_started(progress::rfc3339_utc(progress::now_unix()));
    }
    let owned = claim.is_some();
    if owned {
        let first = session.saved();
        update_progress(&store, |p| p.begin_attempt(first))?;
    }

    let mut save = |s: &Session| -> Result<(), String> {
        if !owned {
            return Ok(());
        }
        let saved = s.saved();
        update_progress(&store, |p| p.begin_attempt(saved))
            .map(|_| ())
            .map_err(|e| format!("{e:#}"))
    };
    let outcome = plain::run(
        &mut session,
        &sections,
        &mut input,
        &mut out,
        echo,
        &mut save,
    )
    .context("impossible de lire la réponse ou d'afficher la question")?;
    if outcome == Outcome::InputEnded && !owned {
        anyhow::bail!(
            "entrée terminée avant la fin du quiz : cette tentative, lancée pendant celle d'un autre processus, n'est pas gardée ({}/{})",
            session.answered(),
            session.len()
        );
    }
    if outcome == Outcome::InputEnded {
        anyhow::bail!(
            "entrée terminée avant la fin du quiz : tentative gardée ({}/{}), relancez « webhook-tutor quiz » pour la reprendre",
            session.answered(),
            session.len()
        );
    }
    let results = session.results();
    write_results(&mut out, &results, &sections).context("impossible d'afficher le résultat")?;

    let mut record = session.record(progress::rfc3339_utc(progress::now_unix()));
    record.course_title = course.title.clone();
    record.course_version = env!("CARGO_PKG_VERSION").to_string();
    let after = update_progress(&store, |p| {
        if owned {
            p.finish_attempt(record)
        } else {
            p.add_finished(record)
        }
    })?;
    drop(claim);
    if let Some(g) = after.graded_attempt() {
        writeln!(
            out,
            "Note retenue ({}) : {} · {}",
            quiz.grading.label(),
            crate::quiz::percent(g.score_percent),
            if g.passed {
                "quiz réussi"
            } else {
                "quiz pas encore réussi"
            }
        )
        .context("impossible d'afficher le résultat")?;
    }
    writeln!(
        out,
        "Tentative enregistrée. Même tirage et même ordre : webhook-tutor quiz --seed {}",
        session.seed()
    )
    .context("impossible d'afficher le résultat")?;
    Ok(if results.passed {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// The session the plain dialogue runs: a review, the errors of the last attempt, the
/// attempt in progress (asked first: resume, or abandon behind a confirmation), or a
/// new full attempt. `None` when the learner declined everything.
fn choose_session(
    quiz: &crate::quiz::Quiz,
    seed: u64,
    args: &QuizArgs,
    progress: &progress::Progress,
    input: &mut impl BufRead,
    out: &mut impl Write,
) -> anyhow::Result<Option<Session>> {
    let busy = progress.quiz_in_progress.as_ref();
    // The same kind of session as the one in progress resumes it.
    let same = busy.is_some_and(|a| match a.mode {
        AttemptMode::Review => args.review,
        AttemptMode::Practice | AttemptMode::BuildsOnLast => args.errors,
        AttemptMode::Full => !args.review && !args.errors,
    });
    if (args.review || args.errors) && busy.is_some() && !same {
        let (done, total) = busy.map_or((0, 0), |a| a.position());
        anyhow::bail!(
            "une tentative est en cours ({done}/{total}) : reprenez-la d'abord avec « webhook-tutor quiz --plain » (ou abandonnez-la en répondant n)"
        );
    }
    if args.review && !same {
        return Session::review(quiz, seed, &progress.review_order())
            .map(Some)
            .map_err(|e| anyhow::anyhow!("{e}"));
    }
    if args.errors && !same {
        let Some(last) = progress.attempts.last() else {
            anyhow::bail!(
                "aucune tentative enregistrée : passez d'abord le quiz (webhook-tutor quiz)"
            );
        };
        return Session::retry_errors(quiz, seed, last)
            .map(Some)
            .map_err(|e| anyhow::anyhow!("{e}"));
    }
    let Some(saved) = busy else {
        return Ok(Some(Session::new(quiz, seed)));
    };
    let (done, total) = saved.position();
    let ask =
        |out: &mut dyn Write, input: &mut dyn BufRead, question: &str| -> anyhow::Result<String> {
            writeln!(out, "{question}").context(PROMPT_FAILED)?;
            write!(out, "> ").context(PROMPT_FAILED)?;
            out.flush().context(PROMPT_FAILED)?;
            let line = plain::read_line(input)
                .context("impossible de lire la réponse")?
                .unwrap_or_default();
            Ok(line.trim().to_lowercase())
        };
    let reply = ask(
        out,
        input,
        &format!("Reprendre la tentative ({done}/{total}) ? (O/n)"),
    )?;
    if reply == "n" || reply == "non" {
        let sure = ask(
            out,
            input,
            &format!(
                "Abandonner cette tentative ? Ses {done} réponse{} seront effacées. (o/N)",
                if done > 1 { "s" } else { "" }
            ),
        )?;
        if matches!(sure.as_str(), "o" | "oui" | "y") {
            writeln!(out, "Tentative abandonnée ; nouvelle tentative.").context(PROMPT_FAILED)?;
            return Ok(Some(Session::new(quiz, seed)));
        }
    }
    match Session::resume(quiz, saved) {
        Ok((session, resumed)) => {
            if let Some(message) = resumed.message() {
                writeln!(out, "Attention : {message}.").context(PROMPT_FAILED)?;
            }
            Ok(Some(session))
        }
        Err(err) => {
            writeln!(
                out,
                "La tentative en cours ne peut pas reprendre ({err}) ; nouvelle tentative."
            )
            .context(PROMPT_FAILED)?;
            Ok(Some(Session::new(quiz, seed)))
        }
    }
}

/// Applies `change` to the progress on disk under the store's lock (merged with what
/// another process saved meanwhile); returns what was saved.
fn update_progress(
    store: &Store,
    change: impl FnOnce(&mut progress::Progress),
) -> anyhow::Result<progress::Progress> {
    Ok(store.update(change)?)
}

/// Checks the progress can be read and saved, refusing to start the quiz otherwise:
/// the attempt would be lost (an unreadable or newer file, a read-only folder). A
/// corrupt file moved aside is only a warning. Returns the progress read.
fn check_store(store: &Store) -> anyhow::Result<progress::Progress> {
    let loaded = store.load_for_writing();
    if let Some(blocked) = loaded.blocked {
        anyhow::bail!(
            "le quiz ne démarre pas, car la tentative ne pourrait pas être enregistrée : {blocked}"
        );
    }
    if let Some(warning) = &loaded.warning {
        super::output::warn(&format!("attention : {warning}"));
    }
    Ok(loaded.progress)
}

const PROMPT_FAILED: &str = "impossible d'afficher la question";
