//! `quiz`: the mandatory quiz, full screen in a terminal (the interface opened on the
//! quiz screen), else (`--plain`, or a pipe) as a line-by-line dialogue on standard
//! input and output; the quiz itself is loaded by [`Course::load_quiz`].

mod plain;

use std::io::IsTerminal as _;
use std::process::ExitCode;

use anyhow::Context as _;

use crate::cli::{GlobalArgs, QuizArgs};
use crate::course::Course;
use crate::progress::{self, Store};
use crate::quiz::Session;

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
    check_store(&store)?;
    let mut session = Session::new(&quiz, seed);

    let stdin = std::io::stdin();
    let echo = !stdin.is_terminal();
    let mut input = stdin.lock();
    let mut out = super::output::stdout();
    let outcome = plain::run(&mut session, &sections, &mut input, &mut out, echo)
        .context("impossible de lire la réponse ou d'afficher la question")?;
    if outcome == Outcome::InputEnded {
        anyhow::bail!(INPUT_ENDED);
    }
    let results = session.results();
    write_results(&mut out, &results, &sections).context("impossible d'afficher le résultat")?;

    // Merged under the lock with what was saved meanwhile (the course open elsewhere,
    // another quiz): only this attempt is added.
    let record = session.record(progress::rfc3339_utc(progress::now_unix()));
    store.update(|p| p.add_attempt(record))?;
    use std::io::Write as _;
    writeln!(
        out,
        "Tentative enregistrée. Même ordre des questions : webhook-tutor quiz --seed {seed}"
    )
    .context("impossible d'afficher le résultat")?;
    Ok(if results.passed {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// Checks the progress can be read and saved, refusing to start the quiz otherwise:
/// the attempt would be lost at the end (an unreadable or newer file, a read-only
/// folder). A corrupt file moved aside is only a warning.
fn check_store(store: &Store) -> anyhow::Result<()> {
    let loaded = store.load_for_writing();
    if let Some(blocked) = loaded.blocked {
        anyhow::bail!(
            "le quiz ne démarre pas, car la tentative ne pourrait pas être enregistrée : {blocked}"
        );
    }
    if let Some(warning) = &loaded.warning {
        super::output::warn(&format!("attention : {warning}"));
    }
    Ok(())
}

/// A fresh seed from the operating system, or the clock if it is unavailable.
const INPUT_ENDED: &str = "entrée terminée avant la fin du quiz : aucune tentative enregistrée";
