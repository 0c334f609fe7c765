//! The one key table. [`action_for`] resolves a key press for the focused screen and
//! input mode; the help overlay and the footer are generated from the same [`BINDINGS`],
//! so what is shown can never drift from what the keys do.
//!
//! To give a new screen keys, add a `Screen` variant and rows with `screen: Some(..)`.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::Action;
use super::app::Screen;
use super::lab::LabAction;
use super::labo::LaboAction;
use super::quiz::{QuizAction, TextMove};
use super::sandbox::{SandboxAction, SyncAction};
use crate::sandbox::Scenario;
use crate::sync::{Fault, SyncScenario};

/// What the keyboard is currently talking to on a screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Normal,
    /// Quiz: typing a short answer; printable keys are text, Esc asks to abandon.
    Typing,
    /// Quiz: the feedback on the answer just given is shown.
    Feedback,
    /// Quiz: « Abandonner le quiz ? » waits for yes or no.
    Confirm,
    /// Typing a search query: printable keys are text.
    Search,
    /// The outline panel has the focus.
    Outline,
    /// The course-wide search panel: printable keys are its query.
    CourseSearch,
    /// The help overlay is open.
    Help,
    /// Editing a sandbox field: every key is text, Esc leaves.
    Edit,
    /// The sandbox's « Synchronisation » view.
    Sync,
    /// The Labo: one check's details are open.
    Details,
}

/// A key with its modifiers. Shift is ignored for characters (the character already
/// says it), so `G` matches whether or not the terminal reports Shift.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

const fn key(code: KeyCode) -> Key {
    Key {
        code,
        mods: KeyModifiers::NONE,
    }
}

const fn ch(c: char) -> Key {
    key(KeyCode::Char(c))
}

const fn ctrl(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        mods: KeyModifiers::CONTROL,
    }
}

/// One row of the table.
#[derive(Debug)]
pub struct Binding {
    /// `None`: every screen.
    pub screen: Option<Screen>,
    pub modes: &'static [Mode],
    pub keys: &'static [Key],
    pub action: Action,
    /// Line of the help overlay.
    pub help: &'static str,
    /// Short label for the one-line footer, for the most useful keys only.
    pub footer: Option<&'static str>,
}

const ALL_MODES: &[Mode] = &[
    Mode::Normal,
    Mode::Typing,
    Mode::Feedback,
    Mode::Confirm,
    Mode::Search,
    Mode::Outline,
    Mode::CourseSearch,
    Mode::Help,
    Mode::Edit,
    Mode::Sync,
    Mode::Details,
];
const NORMAL: &[Mode] = &[Mode::Normal];
const SEARCH: &[Mode] = &[Mode::Search];
const OUTLINE: &[Mode] = &[Mode::Outline];
const COURSE_SEARCH: &[Mode] = &[Mode::CourseSearch];
const HELP: &[Mode] = &[Mode::Help];
const HOME: Option<Screen> = Some(Screen::Home);
const READER: Option<Screen> = Some(Screen::Reader);
const QUIZ: Option<Screen> = Some(Screen::Quiz);
const RESULTS: Option<Screen> = Some(Screen::Results);
const TYPING: &[Mode] = &[Mode::Typing];
const FEEDBACK: &[Mode] = &[Mode::Feedback];
const CONFIRM: &[Mode] = &[Mode::Confirm];
const QUIZ_SCROLL: &[Mode] = &[Mode::Normal, Mode::Typing, Mode::Feedback];
const DIGITS: &[Key] = &[
    ch('1'),
    ch('2'),
    ch('3'),
    ch('4'),
    ch('5'),
    ch('6'),
    ch('7'),
    ch('8'),
    ch('9'),
];

const fn shift(code: KeyCode) -> Key {
    Key {
        code,
        mods: KeyModifiers::SHIFT,
    }
}

const fn quiz(action: QuizAction) -> Action {
    Action::Quiz(action)
}
const SANDBOX: Option<Screen> = Some(Screen::Sandbox);
const LAB: Option<Screen> = Some(Screen::Lab);
const EDIT: &[Mode] = &[Mode::Edit];
const SYNC: &[Mode] = &[Mode::Sync];

const LABO: Option<Screen> = Some(Screen::Labo);
const DETAILS: &[Mode] = &[Mode::Details];

const fn labo(action: LaboAction) -> Action {
    Action::Labo(action)
}

const fn sync(action: SyncAction) -> Action {
    Action::Sandbox(SandboxAction::Sync(action))
}

macro_rules! bind {
    ($screen:expr, $modes:expr, [$($k:expr),+], $action:expr, $help:expr) => {
        bind!($screen, $modes, [$($k),+], $action, $help, None)
    };
    ($screen:expr, $modes:expr, [$($k:expr),+], $action:expr, $help:expr, $footer:expr) => {
        Binding { screen: $screen, modes: $modes, keys: &[$($k),+], action: $action, help: $help, footer: $footer }
    };
}

/// Rows are tried in order; the first match wins.
#[rustfmt::skip]
pub static BINDINGS: &[Binding] = &[
    // Raw mode turns Ctrl-C into a key: it must quit from anywhere.
    bind!(None, ALL_MODES, [ctrl('c')], Action::Quit, "quitter (depuis n'importe où)"),
    bind!(None, HELP, [ch('?'), key(KeyCode::Esc), ch('q')], Action::ToggleHelp, "fermer l'aide", Some("fermer")),
    bind!(None, HELP, [ch('j'), key(KeyCode::Down)], Action::SelectNext, "faire défiler l'aide"),
    bind!(None, HELP, [ch('k'), key(KeyCode::Up)], Action::SelectPrev, "remonter dans l'aide"),
    bind!(None, NORMAL, [ch('?')], Action::ToggleHelp, "afficher cette aide", Some("aide")),
    bind!(SANDBOX, SYNC, [ch('?')], Action::ToggleHelp, "afficher cette aide", Some("aide")),
    // Home.
    bind!(HOME, NORMAL, [ch('k'), key(KeyCode::Up)], Action::SelectPrev, "entrée précédente"),
    bind!(HOME, NORMAL, [ch('j'), key(KeyCode::Down)], Action::SelectNext, "entrée suivante", Some("choisir")),
    bind!(HOME, NORMAL, [key(KeyCode::Enter)], Action::Activate, "ouvrir l'entrée choisie (la section d'un exercice)", Some("ouvrir")),
    bind!(HOME, NORMAL, [ch('c')], Action::Continue, "continuer là où vous en étiez", Some("continuer")),
    bind!(HOME, NORMAL, [ch('x'), ch(' ')], Action::ToggleExercise, "cocher ou décocher l'exercice choisi", Some("cocher")),
    bind!(HOME, NORMAL, [ch('F')], Action::OpenCourseSearch, "chercher dans tout le cours"),
    bind!(HOME, NORMAL, [ch('q')], Action::Quit, "quitter", Some("quitter")),
    bind!(HOME, NORMAL, [ch('s')], Action::OpenSandbox, "ouvrir le bac à sable des signatures", Some("bac à sable")),
    bind!(HOME, NORMAL, [ch('l')], Action::OpenLabo, "ouvrir le labo : évaluer votre propre endpoint", Some("labo")),
    bind!(HOME, NORMAL, [ch('p')], Action::OpenLab, "ouvrir le labo du projet de départ (démarre son serveur)", Some("projet")),
    // Lab (tui/lab.rs).
    bind!(LAB, NORMAL, [ch('k'), key(KeyCode::Up)], Action::SelectPrev, "exercice précédent"),
    bind!(LAB, NORMAL, [ch('j'), key(KeyCode::Down)], Action::SelectNext, "exercice suivant", Some("choisir")),
    bind!(LAB, NORMAL, [ch('h')], LabAction::Hint.key(), "indice suivant de l'exercice choisi (un à la fois)", Some("indice")),
    bind!(LAB, NORMAL, [ch('o')], LabAction::ToggleOutput.key(), "ouvrir ou fermer la sortie du serveur", Some("sortie")),
    bind!(LAB, NORMAL, [ch('r')], LabAction::Regrade.key(), "évaluer de nouveau maintenant", Some("réévaluer")),
    bind!(LAB, NORMAL, [ch('q'), key(KeyCode::Esc)], Action::GoHome, "arrêter le labo (et son serveur) et revenir à l'accueil", Some("arrêter")),
    // Reader, search prompt.
    bind!(READER, SEARCH, [key(KeyCode::Enter)], Action::SearchSubmit, "lancer la recherche", Some("chercher")),
    bind!(READER, SEARCH, [key(KeyCode::Esc)], Action::SearchCancel, "annuler la recherche", Some("annuler")),
    bind!(READER, SEARCH, [key(KeyCode::Backspace)], Action::SearchBackspace, "effacer un caractère"),
    // The course-wide search panel (home and reader).
    bind!(None, COURSE_SEARCH, [key(KeyCode::Enter)], Action::Activate, "ouvrir le module à l'occurrence choisie", Some("ouvrir")),
    bind!(None, COURSE_SEARCH, [key(KeyCode::Down)], Action::SelectNext, "occurrence suivante", Some("choisir")),
    bind!(None, COURSE_SEARCH, [key(KeyCode::Up)], Action::SelectPrev, "occurrence précédente"),
    bind!(None, COURSE_SEARCH, [key(KeyCode::PageDown)], Action::PageDown, "cinq occurrences plus bas"),
    bind!(None, COURSE_SEARCH, [key(KeyCode::PageUp)], Action::PageUp, "cinq occurrences plus haut"),
    bind!(None, COURSE_SEARCH, [key(KeyCode::Backspace)], Action::SearchBackspace, "effacer un caractère"),
    bind!(None, COURSE_SEARCH, [key(KeyCode::Esc)], Action::Back, "fermer la recherche", Some("fermer")),
    // Reader, outline panel.
    bind!(READER, OUTLINE, [ch('j'), key(KeyCode::Down)], Action::SelectNext, "titre suivant du plan", Some("choisir")),
    bind!(READER, OUTLINE, [ch('k'), key(KeyCode::Up)], Action::SelectPrev, "titre précédent du plan"),
    bind!(READER, OUTLINE, [key(KeyCode::Enter)], Action::Activate, "aller au titre choisi", Some("aller")),
    bind!(READER, OUTLINE, [ch('o'), key(KeyCode::Esc), ch('q')], Action::ToggleOutline, "fermer le plan", Some("fermer")),
    // Reader.
    bind!(READER, NORMAL, [ch('j'), key(KeyCode::Down)], Action::ScrollLines(1), "descendre d'une ligne", Some("défiler")),
    bind!(READER, NORMAL, [ch('k'), key(KeyCode::Up)], Action::ScrollLines(-1), "monter d'une ligne"),
    bind!(READER, NORMAL, [key(KeyCode::PageDown), ch(' ')], Action::PageDown, "page suivante"),
    bind!(READER, NORMAL, [key(KeyCode::PageUp), ch('b')], Action::PageUp, "page précédente"),
    bind!(READER, NORMAL, [ctrl('d')], Action::HalfPageDown, "descendre d'une demi-page"),
    bind!(READER, NORMAL, [ctrl('u')], Action::HalfPageUp, "monter d'une demi-page"),
    bind!(READER, NORMAL, [ch('g'), key(KeyCode::Home)], Action::Top, "début du module"),
    bind!(READER, NORMAL, [ch('G'), key(KeyCode::End)], Action::Bottom, "fin du module"),
    bind!(READER, NORMAL, [ch(']')], Action::NextHeading, "titre suivant", Some("titres")),
    bind!(READER, NORMAL, [ch('[')], Action::PrevHeading, "titre précédent"),
    bind!(READER, NORMAL, [ch('o')], Action::ToggleOutline, "plan du module", Some("plan")),
    bind!(READER, NORMAL, [ch('l')], Action::NextModule, "module suivant", Some("modules")),
    bind!(READER, NORMAL, [ch('h')], Action::PrevModule, "module précédent"),
    bind!(READER, NORMAL, [key(KeyCode::Right)], Action::ScrollCode { right: true, or_module: true }, "code large à l'écran : à droite (sinon module suivant)"),
    bind!(READER, NORMAL, [key(KeyCode::Left)], Action::ScrollCode { right: false, or_module: true }, "code large à l'écran : à gauche (sinon module précédent)"),
    bind!(READER, NORMAL, [ch('L')], Action::ScrollCode { right: true, or_module: false }, "code large à l'écran : décaler à droite"),
    bind!(READER, NORMAL, [ch('H')], Action::ScrollCode { right: false, or_module: false }, "code large à l'écran : décaler à gauche"),
    bind!(READER, NORMAL, [ch('/')], Action::StartSearch, "chercher dans le module", Some("chercher")),
    bind!(READER, NORMAL, [ch('F')], Action::OpenCourseSearch, "chercher dans tout le cours"),
    bind!(READER, NORMAL, [ch('n')], Action::NextMatch, "occurrence suivante"),
    bind!(READER, NORMAL, [ch('N')], Action::PrevMatch, "occurrence précédente"),
    bind!(READER, NORMAL, [key(KeyCode::Tab)], Action::NextLink, "lien ou indice suivant", Some("liens")),
    bind!(READER, NORMAL, [key(KeyCode::BackTab)], Action::PrevLink, "lien ou indice précédent"),
    bind!(READER, NORMAL, [ch('c')], Action::NextCode, "bloc de code suivant (à copier avec y)"),
    bind!(READER, NORMAL, [ch('C')], Action::PrevCode, "bloc de code précédent"),
    bind!(READER, NORMAL, [ch('y')], Action::CopyCode, "copier le bloc de code choisi (presse-papiers, OSC 52)"),
    bind!(READER, NORMAL, [key(KeyCode::Enter)], Action::Activate, "ouvrir le lien ou l'indice choisi (externe : copier l'URL)"),
    bind!(READER, NORMAL, [key(KeyCode::Backspace)], Action::HistoryBack, "revenir d'où le dernier lien est parti"),
    bind!(READER, NORMAL, [key(KeyCode::Esc)], Action::Back, "effacer la recherche ou la sélection, sinon accueil"),
    bind!(READER, NORMAL, [ch('q')], Action::GoHome, "retour à l'accueil", Some("accueil")),
    // Quiz: every answer is saved as given, so leaving (q, Échap, Ctrl-C) keeps the
    // attempt; abandoning it asks first.
    bind!(QUIZ, CONFIRM, [ch('o'), ch('O'), ch('y')], quiz(QuizAction::Confirm), "oui (abandonner la tentative, ou valider une association incomplète)", Some("oui")),
    bind!(QUIZ, CONFIRM, [ch('n'), key(KeyCode::Esc), key(KeyCode::Enter)], quiz(QuizAction::Cancel), "non, revenir à la question", Some("non")),
    // Quiz, short answer: every other printable key is text (so q types q).
    bind!(QUIZ, TYPING, [key(KeyCode::Enter)], quiz(QuizAction::Submit), "valider la réponse", Some("valider")),
    bind!(QUIZ, TYPING, [key(KeyCode::Left)], quiz(QuizAction::TextCursor(TextMove::Left)), "curseur à gauche", Some("curseur")),
    bind!(QUIZ, TYPING, [key(KeyCode::Right)], quiz(QuizAction::TextCursor(TextMove::Right)), "curseur à droite"),
    bind!(QUIZ, TYPING, [key(KeyCode::Home)], quiz(QuizAction::TextCursor(TextMove::Home)), "curseur au début de la réponse"),
    bind!(QUIZ, TYPING, [key(KeyCode::End)], quiz(QuizAction::TextCursor(TextMove::End)), "curseur à la fin de la réponse"),
    bind!(QUIZ, TYPING, [key(KeyCode::Backspace)], quiz(QuizAction::Backspace), "effacer le caractère avant le curseur"),
    bind!(QUIZ, TYPING, [key(KeyCode::Delete)], quiz(QuizAction::Delete), "effacer le caractère sous le curseur"),
    bind!(QUIZ, TYPING, [key(KeyCode::Esc)], quiz(QuizAction::Leave), "quitter le quiz (la tentative est gardée, à reprendre)", Some("quitter")),
    // Quiz, feedback shown.
    bind!(QUIZ, FEEDBACK, [key(KeyCode::Enter), key(KeyCode::Right), ch('l')], quiz(QuizAction::Next), "question suivante (après la dernière : résultats)", Some("suivante")),
    bind!(QUIZ, FEEDBACK, [ch('o'), ch('r')], quiz(QuizAction::Review), "revoir la section du cours (q ou Échap pour revenir)", Some("revoir")),
    bind!(QUIZ, FEEDBACK, [ch('j'), key(KeyCode::Down)], Action::ScrollLines(1), "descendre d'une ligne", Some("défiler")),
    bind!(QUIZ, FEEDBACK, [ch('k'), key(KeyCode::Up)], Action::ScrollLines(-1), "monter d'une ligne"),
    bind!(QUIZ, FEEDBACK, [ch('?')], Action::ToggleHelp, "afficher cette aide", Some("aide")),
    bind!(QUIZ, FEEDBACK, [ch('q'), key(KeyCode::Esc)], quiz(QuizAction::Leave), "quitter le quiz (la tentative est gardée, à reprendre)", Some("quitter")),
    bind!(QUIZ, FEEDBACK, [ch('a')], quiz(QuizAction::Abandon), "abandonner la tentative (demande confirmation)"),
    // Quiz, answering. The footer names only the rows that apply to the question on
    // screen (`QuizState::applies`); rows sharing a key are listed for the help only.
    bind!(QUIZ, NORMAL, [ch('k'), key(KeyCode::Up)], Action::SelectPrev, "choix ou élément précédent"),
    bind!(QUIZ, NORMAL, [ch('j'), key(KeyCode::Down)], Action::SelectNext, "choix ou élément suivant", Some("parcourir")),
    Binding { screen: QUIZ, modes: NORMAL, keys: DIGITS, action: quiz(QuizAction::Pick(0)), help: "choisir ou cocher ce numéro (association : cette valeur)", footer: Some("choisir") },
    bind!(QUIZ, NORMAL, [ch(' ')], quiz(QuizAction::Toggle), "choisir, cocher ou décocher le choix en surbrillance", Some("cocher")),
    bind!(QUIZ, NORMAL, [ch('v')], quiz(QuizAction::TrueFalse(true)), "vrai ou faux : répondre vrai", Some("vrai")),
    bind!(QUIZ, NORMAL, [ch('f')], quiz(QuizAction::TrueFalse(false)), "vrai ou faux : répondre faux", Some("faux")),
    bind!(QUIZ, NORMAL, [ch('K'), shift(KeyCode::Up), ch('-')], quiz(QuizAction::MoveUp), "ordre : monter l'élément choisi", Some("monter")),
    bind!(QUIZ, NORMAL, [ch('J'), shift(KeyCode::Down), ch('+')], quiz(QuizAction::MoveDown), "ordre : descendre l'élément choisi", Some("descendre")),
    bind!(QUIZ, NORMAL, [key(KeyCode::Left), ch('h')], quiz(QuizAction::PrevRight), "association : valeur précédente pour l'élément choisi (seulement lui)"),
    bind!(QUIZ, NORMAL, [key(KeyCode::Right), ch('l')], quiz(QuizAction::NextRight), "association : valeur suivante pour l'élément choisi (seulement lui)", Some("changer")),
    bind!(QUIZ, NORMAL, [ch('0'), key(KeyCode::Delete), key(KeyCode::Backspace)], quiz(QuizAction::ClearRow), "association : effacer la valeur de l'élément choisi", Some("effacer")),
    bind!(QUIZ, NORMAL, [key(KeyCode::Enter)], quiz(QuizAction::Submit), "valider la réponse (rien ne se passe sans réponse)", Some("valider")),
    bind!(QUIZ, NORMAL, [ch('q'), key(KeyCode::Esc)], quiz(QuizAction::Leave), "quitter le quiz (la tentative est gardée, à reprendre)", Some("quitter")),
    bind!(QUIZ, NORMAL, [ch('a')], quiz(QuizAction::Abandon), "abandonner la tentative (demande confirmation)", Some("abandonner")),
    bind!(QUIZ, QUIZ_SCROLL, [key(KeyCode::PageDown)], Action::PageDown, "faire défiler l'énoncé ou la correction"),
    bind!(QUIZ, QUIZ_SCROLL, [key(KeyCode::PageUp)], Action::PageUp, "remonter dans l'énoncé ou la correction"),
    // Quiz results.
    bind!(RESULTS, NORMAL, [ch('k'), key(KeyCode::Up)], Action::SelectPrev, "entrée précédente"),
    bind!(RESULTS, NORMAL, [ch('j'), key(KeyCode::Down)], Action::SelectNext, "entrée suivante", Some("choisir")),
    bind!(RESULTS, NORMAL, [key(KeyCode::Enter)], Action::Activate, "ouvrir la section de la question, ou le bouton choisi", Some("ouvrir")),
    bind!(RESULTS, NORMAL, [ch('r')], quiz(QuizAction::Restart), "recommencer le quiz", Some("recommencer")),
    bind!(RESULTS, NORMAL, [ch('e')], quiz(QuizAction::RetryErrors), "recommencer seulement les erreurs (entraînement, sauf builds_on_last)", Some("erreurs")),
    bind!(RESULTS, NORMAL, [ch('m')], quiz(QuizAction::ReviewMistakes), "réviser mes erreurs (boîtes de Leitner, entraînement)", Some("réviser")),
    bind!(RESULTS, NORMAL, [ch('q'), key(KeyCode::Esc)], Action::GoHome, "retour à l'accueil", Some("accueil")),
    bind!(READER, NORMAL, [ch('s')], Action::OpenSandbox, "ouvrir le bac à sable des signatures"),
    // Sandbox (tui/sandbox.rs). In editing mode every other key goes to the field.
    bind!(SANDBOX, EDIT, [key(KeyCode::Esc)], Action::Sandbox(SandboxAction::StopEdit), "terminer l'édition (les autres touches vont au champ)", Some("terminer")),
    bind!(SANDBOX, NORMAL, [key(KeyCode::Tab), ch('j'), key(KeyCode::Down)], Action::Sandbox(SandboxAction::NextField), "champ suivant", Some("champs")),
    bind!(SANDBOX, NORMAL, [key(KeyCode::BackTab), ch('k'), key(KeyCode::Up)], Action::Sandbox(SandboxAction::PrevField), "champ précédent"),
    bind!(SANDBOX, NORMAL, [key(KeyCode::Enter), ch('e')], Action::Sandbox(SandboxAction::Edit), "modifier le champ (sur « exemple » : exemple suivant)", Some("éditer")),
    bind!(SANDBOX, NORMAL, [ch('1')], Action::Sandbox(SandboxAction::Scenario(Scenario::Valid)), "scénario valid : requête valide", Some("à 8 scénarios")),
    bind!(SANDBOX, NORMAL, [ch('2')], Action::Sandbox(SandboxAction::Scenario(Scenario::TamperedBody)), "scénario tampered-body : corps modifié en route"),
    bind!(SANDBOX, NORMAL, [ch('3')], Action::Sandbox(SandboxAction::Scenario(Scenario::Reserialized)), "scénario reserialized : corps re-sérialisé"),
    bind!(SANDBOX, NORMAL, [ch('4')], Action::Sandbox(SandboxAction::Scenario(Scenario::Replay)), "scénario replay : rejeu d'une vieille requête"),
    bind!(SANDBOX, NORMAL, [ch('5')], Action::Sandbox(SandboxAction::Scenario(Scenario::Future)), "scénario future : horloge en avance"),
    bind!(SANDBOX, NORMAL, [ch('6')], Action::Sandbox(SandboxAction::Scenario(Scenario::WrongSecret)), "scénario wrong-secret : mauvais secret"),
    bind!(SANDBOX, NORMAL, [ch('7')], Action::Sandbox(SandboxAction::Scenario(Scenario::Rotation)), "scénario rotation : rotation du secret"),
    bind!(SANDBOX, NORMAL, [ch('8')], Action::Sandbox(SandboxAction::Scenario(Scenario::MissingHeader)), "scénario missing-header : en-tête manquant"),
    bind!(SANDBOX, NORMAL, [ch('0')], Action::Sandbox(SandboxAction::Reset), "réinitialiser (entrées de démo, scénario valid)"),
    bind!(SANDBOX, NORMAL, [ch('v')], Action::Sandbox(SandboxAction::NextView), "vue : échange, livraison, réception, bibliothèques", Some("vue")),
    bind!(SANDBOX, NORMAL, [key(KeyCode::PageDown), ch('J')], Action::Sandbox(SandboxAction::Scroll(5)), "faire défiler les panneaux vers le bas"),
    bind!(SANDBOX, NORMAL, [key(KeyCode::PageUp), ch('K')], Action::Sandbox(SandboxAction::Scroll(-5)), "faire défiler les panneaux vers le haut"),
    bind!(SANDBOX, NORMAL, [ch('g')], Action::Sandbox(SandboxAction::GenerateSecret), "générer un nouveau secret"),
    bind!(SANDBOX, NORMAL, [ch('p')], Action::Sandbox(SandboxAction::NextSample), "exemple de corps suivant"),
    bind!(SANDBOX, NORMAL, [ch('P')], Action::Sandbox(SandboxAction::PrevSample), "exemple de corps précédent"),
    bind!(SANDBOX, NORMAL, [ch('+'), ch('=')], Action::Sandbox(SandboxAction::MoreFailures), "livraison : un échec de plus avant le succès"),
    bind!(SANDBOX, NORMAL, [ch('-')], Action::Sandbox(SandboxAction::FewerFailures), "livraison : un échec de moins"),
    bind!(SANDBOX, NORMAL, [ch('r')], Action::Sandbox(SandboxAction::NextFailure), "livraison : type d'échec (500, 400, 301, délai)"),
    bind!(SANDBOX, NORMAL, [ch('d')], Action::Sandbox(SandboxAction::Deliver), "livrer ce svix-id (idempotence : 2e fois ignorée)"),
    bind!(SANDBOX, NORMAL, [ch('l')], Action::Sandbox(SandboxAction::ToggleListener), "réception : lancer/arrêter l'écoute sur 127.0.0.1"),
    bind!(SANDBOX, NORMAL, [ch('x')], Action::Sandbox(SandboxAction::Export), "écrire la requête dans webhook-tutor-request.http/.sh", Some("exporter")),
    bind!(SANDBOX, NORMAL, [ch('c')], Action::Sandbox(SandboxAction::CopyCurl), "copier la commande curl (presse-papiers, OSC 52)"),
    bind!(SANDBOX, NORMAL, [ch('C')], Action::Sandbox(SandboxAction::CopyRaw), "copier la requête HTTP brute (presse-papiers, OSC 52)"),
    bind!(SANDBOX, NORMAL, [ch('q'), key(KeyCode::Esc)], Action::Back, "retour (au module d'où il a été ouvert, sinon accueil)", Some("retour")),
    // Sandbox, « Synchronisation » view (tui/sandbox/sync.rs).
    bind!(SANDBOX, SYNC, [ch('n'), key(KeyCode::Right)], sync(SyncAction::Step), "étape suivante : tout ce qui arrive à l'instant suivant", Some("étape")),
    bind!(SANDBOX, SYNC, [ch('p'), ch(' ')], sync(SyncAction::TogglePlay), "lecture ou pause (une étape toutes les 0,4 s)", Some("lecture")),
    bind!(SANDBOX, SYNC, [ch('G'), key(KeyCode::End)], sync(SyncAction::End), "aller à la fin du scénario", Some("fin")),
    bind!(SANDBOX, SYNC, [ch('0'), ch('r')], sync(SyncAction::Restart), "recommencer à J1 09:00:00 (mêmes pannes)"),
    bind!(SANDBOX, SYNC, [ch('1')], sync(SyncAction::Scenario(SyncScenario::AdminEdit)), "scénario admin-edit : modification dans le Dashboard", Some("à 8 scénarios")),
    bind!(SANDBOX, SYNC, [ch('2')], sync(SyncAction::Scenario(SyncScenario::AccountDeleted)), "scénario account-deleted : compte supprimé"),
    bind!(SANDBOX, SYNC, [ch('3')], sync(SyncAction::Scenario(SyncScenario::WelcomeEmail)), "scénario welcome-email : e-mail de bienvenue"),
    bind!(SANDBOX, SYNC, [ch('4')], sync(SyncAction::Scenario(SyncScenario::TwoApps)), "scénario two-apps : deux applications"),
    bind!(SANDBOX, SYNC, [ch('5')], sync(SyncAction::Scenario(SyncScenario::Duplicates)), "scénario duplicates : doublons"),
    bind!(SANDBOX, SYNC, [ch('6')], sync(SyncAction::Scenario(SyncScenario::OutOfOrder)), "scénario out-of-order : désordre"),
    bind!(SANDBOX, SYNC, [ch('7')], sync(SyncAction::Scenario(SyncScenario::RetryStorm)), "scénario retry-storm : 500 et relances"),
    bind!(SANDBOX, SYNC, [ch('8')], sync(SyncAction::Scenario(SyncScenario::EndpointDown)), "scénario endpoint-down : endpoint en panne"),
    bind!(SANDBOX, SYNC, [ch('d')], sync(SyncAction::ToggleFault(Fault::Duplicates)), "panne : doublons (réponse perdue, Svix relance)", Some("o e h f pannes")),
    bind!(SANDBOX, SYNC, [ch('o')], sync(SyncAction::ToggleFault(Fault::Reorder)), "panne : désordre (les messages d'un utilisateur à l'envers)"),
    bind!(SANDBOX, SYNC, [ch('e')], sync(SyncAction::ToggleFault(Fault::ServerError)), "panne : base injoignable 35 min, 500 puis relances"),
    bind!(SANDBOX, SYNC, [ch('h')], sync(SyncAction::ToggleFault(Fault::EndpointDown)), "panne : endpoint injoignable 2 h"),
    bind!(SANDBOX, SYNC, [ch('f')], sync(SyncAction::ToggleFault(Fault::Exhausted)), "panne : 30 h, messages Failed puis Replay du Dashboard"),
    bind!(SANDBOX, SYNC, [ch('j'), key(KeyCode::Down)], sync(SyncAction::NextMessage), "livraison suivante", Some("livraisons")),
    bind!(SANDBOX, SYNC, [ch('k'), key(KeyCode::Up)], sync(SyncAction::PrevMessage), "livraison précédente"),
    bind!(SANDBOX, SYNC, [key(KeyCode::Enter), ch('i')], sync(SyncAction::Inspect), "inspecter la livraison choisie (tentatives, corps, SQL exécuté)", Some("inspecter")),
    bind!(SANDBOX, SYNC, [ch('s')], sync(SyncAction::ToggleSql), "SQL de la stratégie (SQLite et PostgreSQL)", Some("SQL")),
    bind!(SANDBOX, SYNC, [ch('t')], sync(SyncAction::NextStrategy), "SQL : stratégie suivante"),
    bind!(SANDBOX, SYNC, [key(KeyCode::Tab)], sync(SyncAction::NextPane), "écran étroit : tables, chronologie, scénario"),
    bind!(SANDBOX, SYNC, [key(KeyCode::PageDown), ch('J')], sync(SyncAction::Scroll(5)), "faire défiler vers le bas"),
    bind!(SANDBOX, SYNC, [key(KeyCode::PageUp), ch('K')], sync(SyncAction::Scroll(-5)), "faire défiler vers le haut"),
    bind!(SANDBOX, SYNC, [ch('v')], Action::Sandbox(SandboxAction::NextView), "vue suivante (retour à l'échange)", Some("vue")),
    bind!(SANDBOX, SYNC, [ch('q'), key(KeyCode::Esc)], sync(SyncAction::Close), "fermer l'inspecteur ou le SQL, sinon retour", Some("retour")),
    // Labo (tui/labo.rs). In editing mode every other key goes to the field.
    bind!(LABO, EDIT, [key(KeyCode::Esc)], labo(LaboAction::StopEdit), "terminer l'édition (Entrée aussi ; les autres touches vont au champ)", Some("terminer")),
    bind!(LABO, CONFIRM, [ch('o'), ch('O'), ch('y')], labo(LaboAction::Confirm), "oui, lancer contre cette URL distante", Some("oui")),
    bind!(LABO, CONFIRM, [ch('n'), key(KeyCode::Esc), key(KeyCode::Enter)], labo(LaboAction::Cancel), "non, ne rien envoyer", Some("non")),
    // The footer names the keys in this order, as far as the width allows.
    bind!(LABO, NORMAL, [ch('r')], labo(LaboAction::Run), "lancer toutes les vérifications contre votre endpoint", Some("lancer")),
    bind!(LABO, NORMAL, [key(KeyCode::Enter), ch('e')], labo(LaboAction::Activate), "modifier le champ, ou ouvrir le détail de la vérification", Some("ouvrir")),
    bind!(LABO, NORMAL, [ch('j'), key(KeyCode::Down), key(KeyCode::Tab)], labo(LaboAction::SelectNext), "champ ou vérification suivante", Some("choisir")),
    bind!(LABO, NORMAL, [ch('k'), key(KeyCode::Up), key(KeyCode::BackTab)], labo(LaboAction::SelectPrev), "champ ou vérification précédente"),
    bind!(LABO, NORMAL, [ch('d'), key(KeyCode::Delete)], labo(LaboAction::ClearField), "vider le champ choisi"),
    bind!(LABO, NORMAL, [ch('m')], labo(LaboAction::ToggleSaveSecret), "mémoriser ou oublier le secret (gardé en clair dans la progression)"),
    bind!(LABO, NORMAL, [ch('o')], labo(LaboAction::OpenSection), "ouvrir la section du cours de la vérification choisie", Some("section")),
    bind!(LABO, NORMAL, [ch('q'), key(KeyCode::Esc)], labo(LaboAction::Back), "retour à l'accueil (une évaluation en cours continue)", Some("retour")),
    // Labo, one check's details.
    bind!(LABO, DETAILS, [ch('j'), key(KeyCode::Down)], labo(LaboAction::Scroll(1)), "descendre d'une ligne", Some("défiler")),
    bind!(LABO, DETAILS, [ch('k'), key(KeyCode::Up)], labo(LaboAction::Scroll(-1)), "monter d'une ligne"),
    bind!(LABO, DETAILS, [key(KeyCode::PageDown), ch(' ')], labo(LaboAction::Scroll(10)), "descendre de dix lignes"),
    bind!(LABO, DETAILS, [key(KeyCode::PageUp), ch('b')], labo(LaboAction::Scroll(-10)), "monter de dix lignes"),
    bind!(LABO, DETAILS, [ch('o')], labo(LaboAction::OpenSection), "ouvrir la section du cours qui explique la correction", Some("section")),
    bind!(LABO, DETAILS, [ch('?')], Action::ToggleHelp, "afficher cette aide", Some("aide")),
    bind!(LABO, DETAILS, [ch('q'), key(KeyCode::Esc)], labo(LaboAction::Back), "retour à la liste des vérifications", Some("retour")),
];

/// The action a key press means on `screen` in `mode`, if any.
pub fn action_for(screen: Screen, mode: Mode, event: KeyEvent) -> Option<Action> {
    let pressed = normalize(event);
    let found = BINDINGS.iter().find(|b| {
        b.screen.is_none_or(|s| s == screen) && b.modes.contains(&mode) && b.keys.contains(&pressed)
    });
    if let Some(binding) = found {
        return Some(with_digit(binding.action.clone(), pressed));
    }
    match (mode, pressed.code) {
        (Mode::Search | Mode::CourseSearch, KeyCode::Char(c))
            if !pressed.mods.contains(KeyModifiers::CONTROL) =>
        {
            Some(Action::SearchInput(c))
        }
        (Mode::Typing, KeyCode::Char(c)) if !pressed.mods.contains(KeyModifiers::CONTROL) => {
            Some(Action::Quiz(QuizAction::Input(c)))
        }
        // Editing a field: the raw event, so the editor sees every modifier.
        (Mode::Edit, _) if screen == Screen::Labo => Some(Action::Labo(LaboAction::Key(event))),
        (Mode::Edit, _) => Some(Action::Sandbox(SandboxAction::Key(event))),
        _ => None,
    }
}

/// The digit row is one binding (one help line); the digit pressed picks the choice.
fn with_digit(action: Action, pressed: Key) -> Action {
    let n = match pressed.code {
        KeyCode::Char(c) => c.to_digit(10).map_or(0, |d| d as usize).saturating_sub(1),
        _ => 0,
    };
    match action {
        Action::Quiz(QuizAction::Pick(_)) => Action::Quiz(QuizAction::Pick(n)),
        action => action,
    }
}

/// The key a footer shows for a binding: its first key, or `1…9` for the digit row.
pub fn footer_key_label(binding: &Binding) -> String {
    if binding.keys == DIGITS {
        return "1…9".to_string();
    }
    binding
        .keys
        .first()
        .map(|k| key_label(*k))
        .unwrap_or_default()
}

fn normalize(event: KeyEvent) -> Key {
    let mut mods =
        event.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT | KeyModifiers::SHIFT);
    if matches!(event.code, KeyCode::Char(_) | KeyCode::BackTab) {
        mods.remove(KeyModifiers::SHIFT);
    }
    Key {
        code: event.code,
        mods,
    }
}

/// The bindings that apply on `screen` in `mode`, in table order.
pub fn bindings_for(screen: Screen, mode: Mode) -> impl Iterator<Item = &'static Binding> {
    BINDINGS
        .iter()
        .filter(move |b| b.screen.is_none_or(|s| s == screen) && b.modes.contains(&mode))
}

/// `j ↓`, `Ctrl-d`, `Maj-Tab`: how a key is written in the help and the footer.
pub fn key_label(key: Key) -> String {
    let base = match key.code {
        KeyCode::Char(' ') => "Espace".to_string(),
        KeyCode::Char(c) => c.to_string(),
        KeyCode::Up => "↑".into(),
        KeyCode::Down => "↓".into(),
        KeyCode::Left => "←".into(),
        KeyCode::Right => "→".into(),
        KeyCode::Enter => "Entrée".into(),
        KeyCode::Esc => "Échap".into(),
        KeyCode::Tab => "Tab".into(),
        KeyCode::BackTab => "Maj-Tab".into(),
        KeyCode::Backspace => "Retour arrière".into(),
        KeyCode::Delete => "Suppr".into(),
        KeyCode::PageDown => "PgSuiv".into(),
        KeyCode::PageUp => "PgPréc".into(),
        KeyCode::Home => "Début".into(),
        KeyCode::End => "Fin".into(),
        other => format!("{other:?}"),
    };
    if key.mods.contains(KeyModifiers::CONTROL) {
        format!("Ctrl-{base}")
    } else if key.mods.contains(KeyModifiers::SHIFT) {
        format!("Maj-{base}")
    } else {
        base
    }
}

/// All keys of a binding, separated by spaces.
pub fn keys_label(binding: &Binding) -> String {
    if binding.keys == DIGITS {
        return "1…9".to_string();
    }
    binding
        .keys
        .iter()
        .map(|k| key_label(*k))
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
#[path = "keymap_tests.rs"]
mod tests;
