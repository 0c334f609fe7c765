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
                eprintln!("{p}");
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
        let loaded = store.load();
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
    load_progress(&store)?;
    let mut session = Session::new(&quiz, seed);

    let stdin = std::io::stdin();
    let echo = !stdin.is_terminal();
    let mut input = stdin.lock();
    let mut out = std::io::stdout().lock();
    let outcome = plain::run(&mut session, &sections, &mut input, &mut out, echo)
        .context("impossible de lire la réponse ou d'afficher la question")?;
    if outcome == Outcome::InputEnded {
        anyhow::bail!(INPUT_ENDED);
    }
    let results = session.results();
    write_results(&mut out, &results, &sections).context("impossible d'afficher le résultat")?;

    // Reloaded so that progress saved meanwhile (the course open elsewhere) is kept.
    let mut progress = load_progress(&store)?;
    progress
        .attempts
        .push(session.record(progress::rfc3339_utc(progress::now_unix())));
    store.save(&progress)?;
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

/// Loads the progress, refusing to go on when the file exists but cannot be read: saving
/// would overwrite it.
fn load_progress(store: &Store) -> anyhow::Result<progress::Progress> {
    let loaded = store.load();
    if let Some(warning) = &loaded.warning {
        if store.path().exists() {
            anyhow::bail!(
                "{warning}\n  corrigez les droits du fichier (ou choisissez un autre dossier avec --data-dir) puis relancez le quiz"
            );
        }
        eprintln!("attention : {warning}");
    }
    Ok(loaded.progress)
}

/// A fresh seed from the operating system, or the clock if it is unavailable.
const INPUT_ENDED: &str = "entrée terminée avant la fin du quiz : aucune tentative enregistrée";
