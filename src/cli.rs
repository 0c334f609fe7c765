//! Command-line interface: the clap model of every subcommand, with French help texts,
//! and the translation of clap's parse errors into French.
//!
//! This module only describes arguments; `cmd` owns what each subcommand does.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::delivery::TamperKind;

const HELP_TEMPLATE: &str = "\
{before-help}{name} {version} — {about}

Utilisation : {usage}

{all-args}{after-help}";

/// Cours interactif : webhooks Clerk, signatures Svix et synchronisation de base de données.
#[derive(Debug, Parser)]
#[command(
    name = "webhook-tutor",
    version,
    about = "cours « Webhooks et Synchronisation Temps Réel » dans le terminal",
    help_template = HELP_TEMPLATE,
    subcommand_help_heading = "Commandes",
    next_help_heading = "Options",
    disable_help_flag = true,
    disable_version_flag = true,
    disable_help_subcommand = true,
    after_help = "Sans commande, le cours s'ouvre dans l'interface plein écran."
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,

    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Options accepted before or after any subcommand.
#[derive(Debug, Args, Clone)]
#[command(next_help_heading = "Options communes")]
pub struct GlobalArgs {
    /// Charge le cours depuis ce dossier (content/ et quizzes/) au lieu du cours intégré
    /// (variable WEBHOOK_TUTOR_COURSE).
    #[arg(
        long,
        global = true,
        env = "WEBHOOK_TUTOR_COURSE",
        value_name = "DOSSIER"
    )]
    pub course: Option<PathBuf>,

    /// Dossier où enregistrer la progression (par défaut : dossier de données de la
    /// plateforme ; variable WEBHOOK_TUTOR_DATA).
    #[arg(
        long,
        global = true,
        env = "WEBHOOK_TUTOR_DATA",
        value_name = "DOSSIER"
    )]
    pub data_dir: Option<PathBuf>,

    /// Couleurs : auto (par défaut, selon le terminal et NO_COLOR), always ou never.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "QUAND")]
    pub color: ColorChoice,

    /// Active la molette de la souris dans l'interface (capture de la souris).
    #[arg(long, global = true)]
    pub mouse: bool,

    /// Affiche l'aide.
    #[arg(short = 'h', long = "help", global = true, action = clap::ArgAction::Help)]
    pub help: Option<bool>,

    /// Affiche la version.
    #[arg(short = 'V', long = "version", action = clap::ArgAction::Version)]
    pub version: Option<bool>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Signe un message comme Svix : affiche les en-têtes svix-id, svix-timestamp et svix-signature.
    Sign(SignArgs),
    /// Vérifie la signature d'un webhook (code 0 : valide, 1 : rejeté, 2 : entrée invalide).
    Verify(VerifyArgs),
    /// Génère un nouveau secret aléatoire « whsec_… ».
    Secret,
    /// Affiche un fichier markdown exactement comme le lecteur du cours.
    Render(RenderArgs),
    /// Affiche un module du cours (par numéro ou identifiant) sans l'interface.
    Read(ReadArgs),
    /// Cherche un texte dans tout le cours : module, titre, ligne et contexte de chaque
    /// occurrence (code 0 : trouvé, 1 : aucun résultat).
    Search(SearchArgs),
    /// Vérifie le cours : manifeste, modules, liens et quiz, avec fichier:ligne.
    Check,
    /// Affiche la progression enregistrée, ou la remet à zéro.
    Progress(ProgressArgs),
    /// Lance le quiz obligatoire (interface, ou --plain pour le mode texte).
    Quiz(QuizArgs),
    /// Affiche l'historique des tentatives au quiz, ou l'exporte (JSON, CSV).
    Results(ResultsArgs),
    /// Ouvre le bac à sable Svix, ou affiche un scénario en texte avec --plain.
    Sandbox(SandboxArgs),
    /// Envoie un événement Clerk signé à votre endpoint et diagnostique sa réponse.
    Send(SendArgs),
    /// Écoute en local et vérifie les webhooks reçus, comme un endpoint correct.
    Listen(ListenArgs),
    /// Évalue votre endpoint (et votre base) vérification par vérification : le labo.
    Grade(GradeArgs),
    /// Le labo : un projet de départ avec un bug par exercice, évalué à chaque enregistrement.
    Lab(LabArgs),
}

/// Where a payload comes from: a file path, or `-` for standard input.
pub type PayloadSource = PathBuf;

#[derive(Debug, Args)]
pub struct SignArgs {
    /// Secret de signature (whsec_… ou base64 sans préfixe). Deux fois pour une rotation.
    #[arg(long, required = true, value_name = "SECRET")]
    pub secret: Vec<String>,
    /// Identifiant du message (par défaut : un nouvel identifiant msg_…).
    #[arg(long, value_name = "ID")]
    pub id: Option<String>,
    /// Horodatage Unix en secondes (par défaut : maintenant).
    #[arg(long, value_name = "UNIX", allow_negative_numbers = true, value_parser = int_in(i64::MIN, i64::MAX, " s"))]
    pub timestamp: Option<i64>,
    /// Fichier du corps à signer, ou - pour l'entrée standard (par défaut).
    #[arg(long, value_name = "FICHIER")]
    pub payload: Option<PayloadSource>,
    /// Affiche un objet JSON au lieu des trois lignes d'en-têtes.
    #[arg(long, conflicts_with = "curl")]
    pub json: bool,
    /// Affiche une commande curl qui envoie exactement cette requête à l'URL.
    #[arg(long, value_name = "URL")]
    pub curl: Option<String>,
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// Secret de signature (whsec_… ou base64 sans préfixe).
    #[arg(long, value_name = "SECRET")]
    pub secret: String,
    /// En-tête « nom: valeur » (répétable), par exemple 'svix-id: msg_…'.
    #[arg(long = "header", short = 'H', value_name = "EN-TÊTE")]
    pub headers: Vec<String>,
    /// Raccourci pour l'en-tête svix-id.
    #[arg(long, value_name = "ID")]
    pub id: Option<String>,
    /// Raccourci pour l'en-tête svix-timestamp.
    #[arg(long, value_name = "UNIX", allow_hyphen_values = true)]
    pub timestamp: Option<String>,
    /// Raccourci pour l'en-tête svix-signature.
    #[arg(long, value_name = "SIGNATURE")]
    pub signature: Option<String>,
    /// Fichier du corps reçu, ou - pour l'entrée standard (par défaut).
    #[arg(long, value_name = "FICHIER", conflicts_with = "request")]
    pub payload: Option<PayloadSource>,
    /// Requête HTTP brute capturée (ligne de requête facultative, en-têtes, ligne vide, corps).
    #[arg(long, value_name = "FICHIER", conflicts_with_all = ["headers", "id", "timestamp", "signature"])]
    pub request: Option<PathBuf>,
    /// Heure courante à utiliser, en secondes Unix (par défaut : l'horloge du système).
    #[arg(long, value_name = "UNIX", allow_negative_numbers = true, value_parser = int_in(i64::MIN, i64::MAX, " s"))]
    pub now: Option<i64>,
    /// Tolérance sur l'horodatage, en secondes (par défaut : 300, comme Svix).
    #[arg(long, value_name = "SECONDES", default_value_t = 300, value_parser = int_in(0, MAX_TOLERANCE, " s"))]
    pub tolerance: u64,
    /// Affiche chaque étape de la vérification.
    #[arg(long)]
    pub explain: bool,
    /// Affiche le verdict en JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct RenderArgs {
    /// Fichier markdown à afficher.
    #[arg(value_name = "FICHIER")]
    pub file: PathBuf,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Args)]
pub struct ReadArgs {
    /// Module : numéro (0 à 5) ou identifiant (par exemple « concept-webhooks »).
    #[arg(value_name = "MODULE")]
    pub module: String,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// Texte à chercher (sans tenir compte des majuscules ni des accents).
    #[arg(value_name = "TEXTE")]
    pub query: String,
    /// Largeur de rendu : les numéros de ligne sont ceux de « read MODULE --width N »
    /// (par défaut : 80).
    #[arg(long, value_name = "N", value_parser = int_in(1, MAX_WIDTH, " colonnes"))]
    pub width: Option<u16>,
}

#[derive(Debug, Args, Clone, Copy)]
pub struct OutputArgs {
    /// Largeur en colonnes (par défaut : celle du terminal, ou 80).
    #[arg(long, value_name = "N", value_parser = int_in(1, MAX_WIDTH, " colonnes"))]
    pub width: Option<u16>,
    /// Texte brut sans styles ANSI (automatique quand la sortie n'est pas un terminal).
    #[arg(long)]
    pub plain: bool,
    /// Affiche seulement le N-ième bloc de code (à partir de 1), tel qu'écrit, pour
    /// un script : `--code 2 | sh`.
    #[arg(long, value_name = "N", value_parser = int_in(1, MAX_CODE_BLOCK, ""))]
    pub code: Option<usize>,
}

/// The highest `--code N` accepted (no document has that many blocks).
const MAX_CODE_BLOCK: usize = 100_000;

#[derive(Debug, Args)]
pub struct ProgressArgs {
    /// Affiche la progression en JSON.
    #[arg(long)]
    pub json: bool,
    /// Efface toute la progression (demande confirmation).
    #[arg(long)]
    pub reset: bool,
    /// Ne demande pas de confirmation pour --reset.
    #[arg(long, short = 'y', requires = "reset")]
    pub yes: bool,
}

#[derive(Debug, Args)]
pub struct QuizArgs {
    /// Mode texte : questions sur la sortie standard, réponses sur l'entrée standard
    /// (automatique quand l'entrée ou la sortie n'est pas un terminal).
    #[arg(long)]
    pub plain: bool,
    /// Graine du tirage et du mélange des questions et des choix (par défaut : aléatoire).
    #[arg(long, value_name = "N", value_parser = int_in(0, u64::MAX, ""))]
    pub seed: Option<u64>,
    /// Mode texte : reprend seulement les erreurs de la dernière tentative (entraînement,
    /// sauf si le quiz dit builds_on_last = true).
    #[arg(long, conflicts_with = "review")]
    pub errors: bool,
    /// Mode texte : « Réviser mes erreurs », les questions manquées dans l'ordre des
    /// boîtes de Leitner (entraînement, ne compte jamais pour la réussite).
    #[arg(long)]
    pub review: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ResultsFormat {
    Text,
    Json,
    Csv,
}

#[derive(Debug, Args)]
pub struct ResultsArgs {
    /// Raccourci pour --format json.
    #[arg(long, conflicts_with = "format")]
    pub json: bool,
    /// Format de sortie : text, json ou csv.
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<ResultsFormat>,
    /// Écrit l'export dans ce fichier au lieu de la sortie standard.
    #[arg(long, short = 'o', value_name = "FICHIER")]
    pub output: Option<PathBuf>,
    /// Nom de l'apprenant dans l'export (sinon WEBHOOK_TUTOR_LEARNER, sinon le nom
    /// donné dans l'interface).
    #[arg(long, value_name = "NOM", env = "WEBHOOK_TUTOR_LEARNER")]
    pub learner: Option<String>,
}

#[derive(Debug, Args)]
pub struct SandboxArgs {
    /// Scénario : valid, tampered-body, reserialized, replay, future, wrong-secret, rotation, missing-header.
    #[arg(long, value_name = "NOM")]
    pub scenario: Option<String>,
    /// Affiche la trace complète du scénario en texte, sans l'interface (avec --scenario).
    #[arg(long)]
    pub plain: bool,
    /// Exemple de charge utile Clerk (user.created, user.updated, user.deleted…).
    #[arg(long, value_name = "ÉVÉNEMENT")]
    pub event: Option<String>,
    /// Labo de synchronisation : admin-edit, account-deleted, welcome-email, two-apps,
    /// duplicates, out-of-order, retry-storm, endpoint-down.
    #[arg(long, value_name = "NOM", conflicts_with_all = ["scenario", "event"])]
    pub sync: Option<String>,
    /// Avec --sync : pannes à appliquer au lieu de celles du scénario, séparées par des
    /// virgules (duplicates, reorder, server-error, endpoint-down, failed-replay) ou none.
    #[arg(long, value_name = "LISTE", requires = "sync")]
    pub faults: Option<String>,
    /// Avec --sync : s'arrête après N étapes au lieu d'aller jusqu'au bout.
    #[arg(long, value_name = "N", requires = "sync")]
    pub steps: Option<String>,
    /// Avec --sync : affiche aussi le SQL de chaque stratégie (SQLite et PostgreSQL).
    #[arg(long, requires = "sync")]
    pub sql: bool,
}

#[derive(Debug, Args)]
pub struct SendArgs {
    /// URL de votre endpoint, par exemple http://localhost:3000/api/webhooks.
    #[arg(value_name = "URL")]
    pub url: String,
    /// Secret de signature de l'endpoint (whsec_…), le même que CLERK_WEBHOOK_SIGNING_SECRET.
    #[arg(long, value_name = "SECRET")]
    pub secret: String,
    /// Type d'événement Clerk à envoyer (par défaut : user.created).
    #[arg(long, value_name = "TYPE", conflicts_with = "payload")]
    pub event: Option<String>,
    /// Fichier JSON à envoyer tel quel au lieu d'un exemple.
    #[arg(long, value_name = "FICHIER")]
    pub payload: Option<PathBuf>,
    /// Envoie deux fois le même svix-id, pour tester l'idempotence.
    #[arg(long, conflicts_with_all = ["tamper", "retry"])]
    pub duplicate: bool,
    /// Envoie une requête volontairement invalide, que l'endpoint doit rejeter : body (corps
    /// modifié), signature (MAC faux), secret (autre secret), timestamp (rejeu de 10 min) ou
    /// missing-header (svix-signature absent).
    #[arg(long, value_name = "TYPE", conflicts_with = "retry", value_parser = tamper_kind())]
    pub tamper: Option<TamperKind>,
    /// Rejoue le calendrier de relance de Svix sur une horloge accélérée tant que l'endpoint échoue.
    #[arg(long)]
    pub retry: bool,
    /// Avec --retry : durée réelle de chaque attente, en millisecondes (par défaut : 1000).
    #[arg(
        long,
        value_name = "MS",
        default_value_t = 1000,
        env = "WEBHOOK_TUTOR_RETRY_PAUSE_MS",
        value_parser = int_in(0, MAX_RETRY_PAUSE_MS, " ms")
    )]
    pub retry_pause: u64,
    /// Délai maximal d'une requête, en secondes (par défaut : 15, comme Svix).
    #[arg(long, value_name = "SECONDES", default_value_t = 15, value_parser = int_in(1, MAX_TIMEOUT_SECS, " s"))]
    pub timeout: u64,
}

#[derive(Debug, Args)]
pub struct ListenArgs {
    /// Port d'écoute (par défaut : 8787 ; 0 : un port libre choisi par le système).
    #[arg(long, short = 'p', value_name = "PORT", default_value_t = 8787, value_parser = int_in(0, u16::MAX, ""))]
    pub port: u16,
    /// Adresse d'écoute (par défaut : 127.0.0.1 uniquement).
    #[arg(long, value_name = "ADRESSE", default_value = "127.0.0.1")]
    pub host: String,
    /// Secret de signature (par défaut : un nouveau secret, affiché au démarrage).
    #[arg(long, value_name = "SECRET")]
    pub secret: Option<String>,
    /// Écrit un journal JSON (une ligne par requête) au lieu du texte.
    #[arg(long)]
    pub json: bool,
    /// S'arrête après N requêtes (utile pour les scripts et les tests).
    #[arg(long, value_name = "N", value_parser = int_in(1, MAX_REQUESTS, ""))]
    pub max_requests: Option<u64>,
    /// Applique les événements à une base SQLite (file:./reference.db), comme le handler du
    /// module 3 : endpoint de référence pour « grade ».
    #[arg(long, value_name = "URL")]
    pub database: Option<String>,
}

#[derive(Debug, Args)]
pub struct GradeArgs {
    /// URL de votre endpoint, par exemple http://localhost:3000/api/webhooks.
    #[arg(value_name = "URL")]
    pub url: String,
    /// Secret de signature de l'endpoint (whsec_…), le même que CLERK_WEBHOOK_SIGNING_SECRET.
    #[arg(long, value_name = "SECRET")]
    pub secret: String,
    /// Lit aussi votre base, en lecture seule : postgresql://… ou file:./prisma/dev.db.
    #[arg(long, value_name = "URL")]
    pub database_url: Option<String>,
    /// Ne lance que ces vérifications (séparées par des virgules), et celles dont elles dépendent.
    #[arg(long, value_name = "VÉRIFICATIONS", value_delimiter = ',')]
    pub only: Option<Vec<String>>,
    /// Rejoue un scénario du labo de synchronisation contre votre endpoint, puis compare
    /// votre table à Clerk (avec --database-url) : admin-edit, account-deleted,
    /// welcome-email, two-apps, duplicates, out-of-order, retry-storm, endpoint-down.
    #[arg(long, value_name = "NOM", conflicts_with = "only")]
    pub scenario: Option<String>,
    /// Avec --scenario : ouvre la vue « Synchronisation » du bac à sable, votre endpoint
    /// en 7e colonne à côté des cinq stratégies, au lieu du texte.
    #[arg(long, requires = "scenario", conflicts_with = "json")]
    pub tui: bool,
    /// Avec --scenario : pannes à appliquer au lieu de celles du scénario, séparées par des
    /// virgules (duplicates, reorder, server-error, endpoint-down, failed-replay) ou none.
    #[arg(long, value_name = "LISTE", requires = "scenario")]
    pub faults: Option<String>,
    /// Écrit le bulletin en JSON (document stable) au lieu du texte.
    #[arg(long)]
    pub json: bool,
    /// Accepte d'écrire des utilisateurs de test derrière une URL qui n'est ni locale ni un tunnel.
    #[arg(long)]
    pub yes: bool,
    /// Délai maximal de chaque requête, en secondes (par défaut : 15, comme Svix).
    #[arg(long, value_name = "SECONDES", default_value_t = 15, value_parser = int_in(1, MAX_TIMEOUT_SECS, " s"))]
    pub timeout: u64,
    /// Table des utilisateurs (par défaut : User, le modèle Prisma du module 3).
    #[arg(long, value_name = "TABLE")]
    pub table: Option<String>,
    /// Nom d'une colonne : champ=colonne (champs : clerkId, email, firstName, lastName, imageUrl, deletedAt).
    #[arg(long, value_name = "CHAMP=COLONNE")]
    pub column: Vec<String>,
}

#[derive(Debug, Args)]
#[command(
    args_conflicts_with_subcommands = true,
    subcommand_help_heading = "Commandes"
)]
pub struct LabArgs {
    #[command(subcommand)]
    pub action: Option<LabAction>,
    /// Dossier du projet (par défaut : ./potagers-webhooks s'il existe, sinon le dossier courant).
    #[arg(value_name = "DOSSIER")]
    pub dir: Option<PathBuf>,
    /// Mode texte : le bulletin est écrit sur la sortie standard, sans interface.
    #[arg(long)]
    pub plain: bool,
    /// Une seule évaluation, puis le labo s'arrête (code 0 si tout passe, 1 sinon).
    #[arg(long)]
    pub once: bool,
    /// Lance « npm install » sans demander quand les dépendances manquent.
    #[arg(long)]
    pub yes: bool,
    /// Évalue votre propre serveur, déjà lancé, à cette URL (rien n'est démarré).
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,
    /// Avec --url : le secret de signature de votre endpoint (whsec_…), par défaut la
    /// variable CLERK_WEBHOOK_SIGNING_SECRET.
    #[arg(
        long,
        value_name = "SECRET",
        env = "CLERK_WEBHOOK_SIGNING_SECRET",
        hide_env_values = true
    )]
    pub secret: Option<String>,
    /// Avec --url : votre base, lue en lecture seule (file:./prisma/dev.db, postgresql://…).
    #[arg(long, value_name = "URL")]
    pub database_url: Option<String>,
    /// Avec --url : le dossier à surveiller ; chaque enregistrement relance l'évaluation.
    #[arg(long, value_name = "DOSSIER")]
    pub watch: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum LabAction {
    /// Écrit le projet de départ dans DOSSIER (par défaut : ./potagers-webhooks).
    Init(LabInitArgs),
    /// Révèle l'indice suivant de l'exercice N (par défaut : le premier non réussi).
    Hint(LabHintArgs),
}

#[derive(Debug, Args)]
pub struct LabInitArgs {
    /// Dossier à créer (il doit être absent ou vide).
    #[arg(value_name = "DOSSIER")]
    pub dir: Option<PathBuf>,
    /// Pile du projet de départ.
    #[arg(long, value_name = "PILE", default_value = "express")]
    pub stack: String,
}

#[derive(Debug, Args)]
pub struct LabHintArgs {
    /// Numéro de l'exercice (4 à 10 pour le labo Express).
    #[arg(value_name = "N")]
    pub exercise: Option<u32>,
    /// Dossier du projet, pour trouver l'exercice en cours.
    #[arg(long, value_name = "DOSSIER")]
    pub dir: Option<PathBuf>,
}

/// `--tamper`'s values are [`TamperKind::name`]s: the names live with the kinds, and the
/// pure `delivery` module stays free of clap.
fn tamper_kind() -> impl TypedValueParser<Value = TamperKind> {
    PossibleValuesParser::new(TamperKind::ALL.map(TamperKind::name)).try_map(|name| {
        TamperKind::ALL
            .into_iter()
            .find(|kind| kind.name() == name)
            .ok_or("valeur inconnue")
    })
}

/// Widest `--width`: no terminal is wider, and a wider rendering only wastes memory.
pub const MAX_WIDTH: u16 = 1000;
/// Longest request timeout (`send`, `grade`), in seconds; Svix itself waits 15 s.
pub const MAX_TIMEOUT_SECS: u64 = 600;
/// Longest real pause between two `send --retry` attempts, in milliseconds.
pub const MAX_RETRY_PAUSE_MS: u64 = 60_000;
/// Widest timestamp tolerance of `verify`, in seconds (a year; Svix uses 300).
pub const MAX_TOLERANCE: u64 = 365 * 24 * 3600;
/// Most requests `listen --max-requests` waits for.
pub const MAX_REQUESTS: u64 = 1_000_000_000;

/// An integer option between `min` and `max` inclusive, checked where it is parsed, as
/// curl does: the message gives the range (with `unit`), and a number too large for the
/// type is « hors limites », not « pas un entier ».
pub fn int_in<T>(
    min: T,
    max: T,
    unit: &'static str,
) -> impl Fn(&str) -> Result<T, String> + Clone + Send + Sync + 'static
where
    T: std::str::FromStr + PartialOrd + std::fmt::Display + Copy + Send + Sync + 'static,
{
    move |text: &str| {
        let expected = format!("attendu : un entier de {min} à {max}{unit}");
        let trimmed = text.trim();
        match trimmed.parse::<T>() {
            Ok(n) if n >= min && n <= max => Ok(n),
            Ok(_) => Err(format!("hors limites ; {expected}")),
            Err(_) if crate::webhook::is_integer_text(trimmed) => {
                Err(format!("hors limites ; {expected}"))
            }
            Err(_) => Err(format!("ce n'est pas un nombre entier ; {expected}")),
        }
    }
}

/// Parses `std::env::args_os()`. On failure prints a French message and returns the exit
/// code: 0 for `--help`/`--version`, 2 for bad usage.
pub fn parse() -> Result<Cli, ExitCode> {
    parse_from(std::env::args_os())
}

/// Same as [`parse`] on explicit arguments (used by tests).
pub fn parse_from<I, T>(args: I) -> Result<Cli, ExitCode>
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let cmd = french_command();
    let matches = cmd.try_get_matches_from(args).and_then(|m| {
        use clap::FromArgMatches;
        Cli::from_arg_matches(&m)
    });
    match matches {
        Ok(cli) => Ok(cli),
        Err(err) => match err.kind() {
            ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
                // `--help | head` ends quietly; `--help > /dev/full` is an error.
                match err.print() {
                    Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                        let failed = crate::cmd::output::stdout_failed(e);
                        crate::cmd::output::warn(&format!("erreur : {failed}"));
                        Err(ExitCode::from(2))
                    }
                    _ => Err(ExitCode::SUCCESS),
                }
            }
            _ => {
                crate::cmd::output::warn(&french_error(&err));
                Err(ExitCode::from(2))
            }
        },
    }
}

/// Help for a subcommand, with a French usage heading.
const SUBCOMMAND_TEMPLATE: &str = "\
{about-with-newline}
Utilisation : {usage}

{all-args}{after-help}";

/// The clap model with its remaining English fragments removed: defaults, possible values
/// and environment variables are written in each argument's French help instead.
pub fn french_command() -> clap::Command {
    use clap::CommandFactory;
    let frenchify = |arg: clap::Arg| {
        if !arg.get_action().takes_values() {
            return arg;
        }
        arg.hide_default_value(true)
            .hide_possible_values(true)
            .hide_env(true)
    };
    Cli::command()
        .mut_args(frenchify)
        .mut_subcommands(move |sub| sub.help_template(SUBCOMMAND_TEMPLATE).mut_args(frenchify))
}

/// Rewrites a clap error in French: what is wrong, and how to get help.
pub fn french_error(err: &clap::Error) -> String {
    let ctx = |kind| match err.get(kind) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(v)) => v.join(", "),
        Some(other) => other.to_string(),
        None => String::new(),
    };
    let arg = ctx(ContextKind::InvalidArg);
    let value = ctx(ContextKind::InvalidValue);
    let suggested = ctx(ContextKind::SuggestedArg);
    let suggested_sub = ctx(ContextKind::SuggestedSubcommand);
    let valid = ctx(ContextKind::ValidValue);
    let mut msg = match err.kind() {
        ErrorKind::UnknownArgument => format!("erreur : option inconnue '{arg}'"),
        ErrorKind::InvalidSubcommand => format!(
            "erreur : commande inconnue '{}'",
            ctx(ContextKind::InvalidSubcommand)
        ),
        ErrorKind::InvalidValue => {
            if value.is_empty() {
                format!("erreur : l'option '{arg}' attend une valeur")
            } else {
                format!("erreur : valeur invalide '{value}' pour '{arg}'")
            }
        }
        ErrorKind::ValueValidation => {
            // Our parsers say why in French; clap's own (and the standard library's) do not.
            let why = std::error::Error::source(err)
                .map(ToString::to_string)
                .filter(|why| why.contains("attendu"))
                .unwrap_or_else(|| "valeur hors des limites permises".into());
            format!("erreur : valeur invalide '{value}' pour '{arg}' : {why}")
        }
        ErrorKind::MissingRequiredArgument => {
            format!("erreur : argument obligatoire manquant : {arg}")
        }
        ErrorKind::ArgumentConflict => {
            let other = ctx(ContextKind::PriorArg);
            if other == arg {
                format!("erreur : '{arg}' est donné deux fois : gardez-en un seul")
            } else {
                format!("erreur : '{arg}' ne peut pas être utilisé avec '{other}'")
            }
        }
        ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues => {
            format!("erreur : trop de valeurs ou valeur inattendue '{value}' pour '{arg}'")
        }
        ErrorKind::MissingSubcommand => "erreur : une commande est attendue".to_string(),
        ErrorKind::NoEquals => format!("erreur : '{arg}' attend une valeur avec '='"),
        ErrorKind::InvalidUtf8 => "erreur : un argument n'est pas de l'UTF-8 valide".to_string(),
        _ => {
            // Fallback: keep clap's own first line so nothing is lost.
            let rendered = err.render().to_string();
            let first = rendered
                .lines()
                .next()
                .unwrap_or("")
                .trim_start_matches("error: ");
            format!("erreur : {first}")
        }
    };
    if !valid.is_empty() {
        msg.push_str(&format!("\n  valeurs possibles : {valid}"));
    }
    if !suggested.is_empty() {
        msg.push_str(&format!("\n  vouliez-vous dire '{suggested}' ?"));
    }
    if !suggested_sub.is_empty() {
        msg.push_str(&format!("\n  vouliez-vous dire '{suggested_sub}' ?"));
    }
    msg.push_str("\n  essayez 'webhook-tutor --help' pour la liste des commandes et options.");
    msg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cli_model_is_consistent() {
        french_command().debug_assert();
    }

    #[test]
    fn help_has_no_english_fragments() {
        let mut root = french_command();
        root.build();
        let mut helps = vec![root.render_help().to_string()];
        for sub in root.get_subcommands_mut() {
            helps.push(sub.render_help().to_string());
        }
        for help in helps {
            for english in [
                "Usage:",
                "[default:",
                "possible values",
                "[env:",
                "Print help",
            ] {
                assert!(!help.contains(english), "{english:?} in:\n{help}");
            }
            assert!(help.contains("Utilisation : "), "{help}");
        }
    }

    #[test]
    fn unknown_flag_is_reported_in_french() {
        let err = Cli::command_for_test(&["webhook-tutor", "sign", "--bogus"]);
        assert!(
            err.starts_with("erreur : option inconnue '--bogus'"),
            "{err}"
        );
    }

    #[test]
    fn every_tamper_name_parses_to_its_kind() {
        for kind in TamperKind::ALL {
            let args = ["webhook-tutor", "send", "http://h/", "--secret", "s"];
            let cli = parse_from(args.into_iter().chain(["--tamper", kind.name()]));
            let Ok(Cli {
                command: Some(Command::Send(send)),
                ..
            }) = cli
            else {
                panic!("'--tamper {}' does not parse", kind.name());
            };
            assert_eq!(send.tamper, Some(kind));
        }
    }

    #[test]
    fn unknown_tamper_name_lists_the_names() {
        let err = Cli::command_for_test(&[
            "webhook-tutor",
            "send",
            "http://h/",
            "--secret",
            "s",
            "--tamper",
            "Body",
        ]);
        assert_eq!(
            err,
            "erreur : valeur invalide 'Body' pour '--tamper <TYPE>'\n  \
             valeurs possibles : body, signature, secret, timestamp, missing-header\n  \
             essayez 'webhook-tutor --help' pour la liste des commandes et options."
        );
    }

    #[test]
    fn unknown_command_names_it() {
        assert_eq!(
            Cli::command_for_test(&["webhook-tutor", "foo"]),
            "erreur : commande inconnue 'foo'\n  \
             essayez 'webhook-tutor --help' pour la liste des commandes et options."
        );
        assert_eq!(
            Cli::command_for_test(&["webhook-tutor", "chek"]),
            "erreur : commande inconnue 'chek'\n  \
             vouliez-vous dire 'check' ?\n  \
             essayez 'webhook-tutor --help' pour la liste des commandes et options."
        );
    }

    impl Cli {
        fn command_for_test(args: &[&str]) -> String {
            let err = french_command().try_get_matches_from(args).unwrap_err();
            french_error(&err)
        }
    }
}
