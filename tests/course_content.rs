//! The real course, as shipped: every module in the manifest exists and is not empty,
//! links and anchors between modules resolve, every fenced code block has a language,
//! exercises and quiz `see` links resolve, and the question bank meets the course's
//! requirements (objectives, kinds, explanations).

use std::collections::{BTreeMap, BTreeSet};

use webhook_tutor::course::check::check;
use webhook_tutor::course::{Course, Origin};

#[test]
fn the_embedded_course_passes_every_check() {
    let report = check(&Origin::Embedded);
    assert_eq!(report.sorted_problems(), vec![]);
    assert_eq!(report.modules, 6);
    assert!(
        report.links >= 20,
        "only {} links between modules",
        report.links
    );
    assert!(report.exercises >= 5);
}

#[test]
fn the_repository_folder_is_the_embedded_course() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let folder = Course::from_dir(dir).unwrap();
    let embedded = Course::embedded().unwrap();
    assert_eq!(folder.modules, embedded.modules);
    assert_eq!(folder.quiz, embedded.quiz);
}

#[test]
fn every_module_has_objectives_a_summary_and_a_next_link() {
    let course = Course::embedded().unwrap();
    for (i, module) in course.modules.iter().enumerate() {
        let src = &module.source;
        assert!(
            src.contains("## À retenir"),
            "{}: no « À retenir »",
            module.file
        );
        let next = course
            .modules
            .get(i + 1)
            .map_or("./00-INTRODUCTION.md", |m| m.file.as_str());
        let next = next.trim_start_matches("./");
        assert!(
            src.contains(&format!("(./{next}")),
            "{}: no link to {next}",
            module.file
        );
    }
}

#[test]
fn every_module_lists_its_official_sources_before_the_summary() {
    // Only first-party documentation: the vendors' own sites and the spec's repository.
    const OFFICIAL: [&str; 6] = [
        "https://clerk.com/docs/",
        "https://docs.svix.com/",
        "https://nextjs.org/docs/",
        "https://www.prisma.io/docs/",
        "https://expressjs.com/",
        "https://github.com/standard-webhooks/standard-webhooks/",
    ];
    let course = Course::embedded().unwrap();
    for module in &course.modules {
        let src = &module.source;
        let sources = src.find("\n## Sources\n");
        let summary = src.find("\n## À retenir\n");
        let (Some(sources), Some(summary)) = (sources, summary) else {
            panic!("{}: no « Sources » or « À retenir » section", module.file);
        };
        assert!(
            sources < summary,
            "{}: « Sources » must come before « À retenir »",
            module.file
        );
        let section = &src[sources..summary];
        let urls: Vec<&str> = section
            .split("](")
            .skip(1)
            .filter_map(|rest| rest.split(')').next())
            .collect();
        assert!(
            urls.len() >= 3,
            "{}: only {} sources",
            module.file,
            urls.len()
        );
        for url in urls {
            assert!(
                OFFICIAL.iter().any(|prefix| url.starts_with(prefix)),
                "{}: '{url}' is not an official page",
                module.file
            );
        }
    }
}

#[test]
fn the_question_bank_covers_every_objective_and_kind() {
    let course = Course::embedded().unwrap();
    let (quiz, _) = course.load_quiz().unwrap();
    assert!(quiz.questions.len() >= 30);
    assert_eq!(quiz.pass_mark, 80);
    assert_eq!(quiz.objectives.len(), 6);
    let mut per_objective: BTreeMap<&str, usize> = BTreeMap::new();
    let mut kinds = BTreeSet::new();
    for q in &quiz.questions {
        *per_objective.entry(q.objective.as_str()).or_default() += 1;
        kinds.insert(q.kind.name());
        assert!(!q.explanation.trim().is_empty(), "{}: no explanation", q.id);
        assert!(q.see.anchor.is_some(), "{}: 'see' has no section", q.id);
    }
    assert_eq!(per_objective.len(), 6);
    assert!(per_objective.values().all(|&n| n >= 4), "{per_objective:?}");
    assert_eq!(kinds.len(), 6, "{kinds:?}");
}

/// The sync lab's scenarios are built into the binary but link into the course: a renamed
/// heading is caught by `check`, naming the scenario, before a learner follows a dead link.
#[test]
fn a_renamed_heading_behind_a_sync_scenario_is_caught() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    for sub in ["content", "quizzes"] {
        std::fs::create_dir_all(dir.path().join(sub)).unwrap();
        for entry in std::fs::read_dir(root.join(sub)).unwrap() {
            let path = entry.unwrap().path();
            if path.is_file() {
                std::fs::copy(&path, dir.path().join(sub).join(path.file_name().unwrap())).unwrap();
            }
        }
    }
    let module = dir.path().join("content/04-SCENARIOS.md");
    let text = std::fs::read_to_string(&module).unwrap();
    assert!(text.contains("### L’ordre n’est pas garanti\n"));
    std::fs::write(
        &module,
        text.replace("### L’ordre n’est pas garanti\n", "### Le désordre\n"),
    )
    .unwrap();
    let report = check(&Origin::Folder(dir.path().to_path_buf()));
    let messages: Vec<String> = report
        .sorted_problems()
        .into_iter()
        .map(|p| p.message)
        .filter(|m| m.contains("(sandbox --sync)"))
        .collect();
    assert_eq!(messages.len(), 1, "{messages:?}");
    assert!(
        messages[0].starts_with(
            "le scénario de synchronisation intégré 'out-of-order' (sandbox --sync) renvoie à 'scenarios#lordre-nest-pas-garanti'"
        ),
        "{messages:?}"
    );
}
