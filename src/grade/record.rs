//! What a finished run leaves in the progress store, the same for `grade` and the Labo
//! screen: the last run (for « Labo : 11/14 » on the home screen) and every exercise whose
//! declared `checks` all passed, ticked « validé par le labo ». Ticks are only ever added:
//! a later failing run never unticks what a learner achieved. Pure: callers apply the
//! [`Outcome`] through `Store::update` (or the app's `change_progress`).

use crate::course::Course;
use crate::progress::{LabRun, Progress};

use super::report::{Report, Status};

/// A run's effect on progress, computed once and applied (maybe replayed on a merged file).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// The course title, the key of the lab settings.
    pub course: String,
    pub run: LabRun,
    /// Exercises (ids) whose checks all passed in this run, in course order.
    pub validated: Vec<String>,
}

impl Outcome {
    /// `date`: UTC, RFC 3339. `None` when no check ran (the endpoint was unreachable from
    /// the first request): such a run leaves progress, and the last run shown, alone.
    pub fn new(course: &Course, report: &Report, date: String) -> Option<Self> {
        if report.checks.is_empty() {
            return None;
        }
        let (passed, total) = report.counts();
        let run = LabRun {
            date,
            url: report.url.clone(),
            passed,
            total,
            score: report.score,
            checks: report
                .checks
                .iter()
                .map(|c| (c.def.id.to_owned(), c.status.code().to_owned()))
                .collect(),
            ..LabRun::default()
        };
        Some(Self {
            course: course.title.clone(),
            run,
            validated: validated_exercises(course, report),
        })
    }

    /// Keeps the run and ticks the validated exercises (never unticks).
    pub fn apply(&self, progress: &mut Progress) {
        progress.set_lab_run(&self.course, self.run.clone());
        for id in &self.validated {
            progress.validate_exercise_by_lab(id);
        }
    }

    /// The titles of the validated exercises, in course order.
    pub fn titles<'c>(&self, course: &'c Course) -> Vec<&'c str> {
        course
            .exercises
            .iter()
            .filter(|x| self.validated.contains(&x.id))
            .map(|x| x.title.as_str())
            .collect()
    }

    /// « Exercices validés par le labo : « A », « B » » (or that none was), one line.
    pub fn validated_line(&self, course: &Course) -> String {
        let titles = self.titles(course);
        if titles.is_empty() {
            return NONE_VALIDATED.to_owned();
        }
        let quoted: Vec<String> = titles.iter().map(|t| format!("« {t} »")).collect();
        format!("Exercices validés par le labo : {}", quoted.join(", "))
    }
}

/// Exercises with at least one declared check, all of which passed in `report` (a check
/// that did not run, or was skipped for want of a database, does not count as passed).
/// The valid delivery must have been accepted in the same run: an endpoint that refuses
/// everything passes every rejection check, and proves nothing.
pub fn validated_exercises(course: &Course, report: &Report) -> Vec<String> {
    let control = report
        .check(super::id::VALID)
        .is_some_and(|c| c.status == Status::Passed);
    if !control {
        return Vec::new();
    }
    course
        .exercises
        .iter()
        .filter(|x| !x.checks.is_empty())
        .filter(|x| {
            x.check_ids()
                .all(|id| report.check(id).is_some_and(|c| c.status == Status::Passed))
        })
        .map(|x| x.id.clone())
        .collect()
}

const NONE_VALIDATED: &str = "Exercices validés par le labo : aucun (un exercice l’est quand toutes ses vérifications passent, l’événement valide accepté)";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grade::report::CheckResult;
    use crate::grade::{CHECKS, id};

    fn report(failed: &[&str], skipped: &[&str]) -> Report {
        let checks = CHECKS
            .iter()
            .map(|def| CheckResult {
                def,
                status: if failed.contains(&def.id) {
                    Status::Failed
                } else if skipped.contains(&def.id) {
                    Status::Skipped
                } else {
                    Status::Passed
                },
                ms: 1,
                exchanges: Vec::new(),
                diagnosis: Vec::new(),
                state: Vec::new(),
            })
            .collect();
        Report::new("http://localhost:3000/api/webhooks", checks)
    }

    #[test]
    fn an_exercise_is_validated_only_when_all_its_checks_passed() {
        let course = Course::embedded().unwrap();
        let all = validated_exercises(&course, &report(&[], &[]));
        // The lab's own checks (welcome-once) are not in a grade report.
        let with_checks: Vec<String> = course
            .exercises
            .iter()
            .filter(|x| {
                !x.checks.is_empty()
                    && x.check_ids()
                        .all(|c| crate::grade::checks::find(c).is_some())
            })
            .map(|x| x.id.clone())
            .collect();
        assert_eq!(all, with_checks);
        assert!(!all.is_empty());
        // A failed or skipped check keeps its exercises manual, and only those.
        for broken in [id::CONCURRENT_DUPLICATE, id::STATE_DELETE] {
            for r in [report(&[broken], &[]), report(&[], &[broken])] {
                let got = validated_exercises(&course, &r);
                let expected: Vec<String> = course
                    .exercises
                    .iter()
                    .filter(|x| with_checks.contains(&x.id) && x.check_ids().all(|c| c != broken))
                    .map(|x| x.id.clone())
                    .collect();
                assert_eq!(got, expected, "{broken}");
                assert_eq!(got.len(), all.len() - 1, "{broken}");
            }
        }
        // An endpoint that refuses everything (valid failed) validates nothing, although
        // it passes every rejection check (replay, future, wrong-secret…).
        assert_eq!(
            validated_exercises(&course, &report(&[id::VALID], &[])),
            Vec::<String>::new()
        );
        // A check that did not run at all (--only) does not count either.
        let mut partial = report(&[], &[]);
        partial.checks.retain(|c| c.def.id == id::VALID);
        let got = validated_exercises(&course, &partial);
        let expected: Vec<String> = course
            .exercises
            .iter()
            .filter(|x| !x.checks.is_empty() && x.check_ids().all(|c| c == id::VALID))
            .map(|x| x.id.clone())
            .collect();
        assert_eq!(got, expected);
    }

    #[test]
    fn applying_keeps_the_run_and_never_unticks() {
        let course = Course::embedded().unwrap();
        let mut progress = Progress::default();
        let mut nothing = report(&[], &[]);
        nothing.checks.clear();
        assert_eq!(Outcome::new(&course, &nothing, String::new()), None);
        let first =
            Outcome::new(&course, &report(&[], &[]), "2026-12-02T13:00:00Z".into()).unwrap();
        first.apply(&mut progress);
        let lab = progress.lab(&course.title);
        let run = lab.last.unwrap();
        assert_eq!((run.passed, run.total, run.score), (22, 22, 100));
        assert_eq!(run.checks.len(), 22);
        assert_eq!(run.checks[0], ("valid".to_owned(), "passed".to_owned()));
        for id in &first.validated {
            assert!(progress.lab_validated.contains(id) && progress.exercises_done.contains(id));
        }
        // A later run that fails everything keeps every tick, and replaces the run.
        let every: Vec<&str> = CHECKS.iter().map(|c| c.id).collect();
        let second =
            Outcome::new(&course, &report(&every, &[]), "2026-12-02T14:00:00Z".into()).unwrap();
        assert!(second.validated.is_empty());
        second.apply(&mut progress);
        for id in &first.validated {
            assert!(progress.lab_validated.contains(id));
        }
        let run = progress.lab(&course.title).last.unwrap();
        assert_eq!((run.passed, run.total, run.score), (0, 22, 0));
        assert_eq!(
            second.validated_line(&course),
            "Exercices validés par le labo : aucun (un exercice l’est quand toutes ses vérifications passent, l’événement valide accepté)"
        );
        assert!(
            first
                .validated_line(&course)
                .starts_with("Exercices validés par le labo : « "),
            "{}",
            first.validated_line(&course)
        );
    }
}
