//! What a webhook sender concludes from an endpoint's response, with French advice for the
//! learner. Follows Svix: only a 2xx within 15 s is a success; everything else (3xx and 4xx
//! included, or no answer in time) is a failure that Svix retries on its schedule.

use super::schedule::RESPONSE_TIMEOUT;

/// What came back from one delivery attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResponseOutcome {
    /// The endpoint answered with this HTTP status.
    Status(u16),
    /// No complete answer within Svix's 15 s (or the `--timeout` given to `send`).
    Timeout,
}

/// The diagnosis of one response, from the sender's point of view.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Diagnosis {
    /// 200–299: delivered; Svix stops retrying.
    Accepted { status: u16 },
    /// 300–399: Svix never follows redirects (www vs apex, http vs https, trailing slash…).
    Redirect { status: u16 },
    /// 401 or 403: usually an auth middleware protecting the route (a 401 is the legacy
    /// `authMiddleware`; `clerkMiddleware` + `auth.protect()` answers 404 instead).
    Unauthorized { status: u16 },
    /// 404: wrong path, or `clerkMiddleware` + `auth.protect()` hiding the route.
    NotFound,
    /// 405: the route exists but does not export a POST handler.
    MethodNotAllowed,
    /// 400: what a correct endpoint answers when the signature check fails (or any
    /// other check of the request).
    SignatureRejected,
    /// 413: the body was refused as too large.
    PayloadTooLarge,
    /// Any other 4xx.
    OtherClientError { status: u16 },
    /// 500–599: the handler crashed or a dependency failed.
    ServerError { status: u16 },
    /// 1xx or a non-standard code.
    Unexpected { status: u16 },
    /// No answer in time.
    Timeout,
}

impl Diagnosis {
    pub fn of(outcome: ResponseOutcome) -> Self {
        let status = match outcome {
            ResponseOutcome::Timeout => return Self::Timeout,
            ResponseOutcome::Status(status) => status,
        };
        match status {
            200..=299 => Self::Accepted { status },
            300..=399 => Self::Redirect { status },
            400 => Self::SignatureRejected,
            401 | 403 => Self::Unauthorized { status },
            404 => Self::NotFound,
            405 => Self::MethodNotAllowed,
            413 => Self::PayloadTooLarge,
            402..=499 => Self::OtherClientError { status },
            500..=599 => Self::ServerError { status },
            _ => Self::Unexpected { status },
        }
    }

    /// Only a 2xx counts as delivered.
    pub fn is_success(self) -> bool {
        matches!(self, Self::Accepted { .. })
    }

    /// A stable machine-readable code (for JSON outputs and tests).
    pub fn code(self) -> &'static str {
        match self {
            Self::Accepted { .. } => "accepted",
            Self::Redirect { .. } => "redirect",
            Self::Unauthorized { .. } => "unauthorized",
            Self::NotFound => "not_found",
            Self::MethodNotAllowed => "method_not_allowed",
            Self::SignatureRejected => "signature_rejected",
            Self::PayloadTooLarge => "payload_too_large",
            Self::OtherClientError { .. } => "client_error",
            Self::ServerError { .. } => "server_error",
            Self::Unexpected { .. } => "unexpected_status",
            Self::Timeout => "timeout",
        }
    }

    /// One French line: what happened.
    pub fn headline(self) -> String {
        match self {
            Self::Accepted { status } => format!(
                "✓ accepté ({status}) : Svix considérerait la livraison réussie et arrêterait les relances"
            ),
            Self::Redirect { status } => format!(
                "✗ redirection ({status}) : Svix ne suit jamais les redirections, c'est un échec"
            ),
            Self::Unauthorized { status } => {
                format!("✗ accès refusé ({status}) : la route n'est probablement pas publique")
            }
            Self::NotFound => {
                "✗ introuvable (404) : mauvais chemin, ou route masquée par le middleware"
                    .to_owned()
            }
            Self::MethodNotAllowed => {
                "✗ méthode refusée (405) : la route n'accepte pas POST".to_owned()
            }
            Self::SignatureRejected => {
                "✗ rejeté (400) : votre endpoint a rejeté la requête (souvent la signature)"
                    .to_owned()
            }
            Self::PayloadTooLarge => {
                "✗ corps trop gros (413) : l'endpoint a refusé le corps".to_owned()
            }
            Self::OtherClientError { status } => format!(
                "✗ erreur client ({status}) : Svix compte tout code hors 2xx comme un échec"
            ),
            Self::ServerError { status } => {
                format!("✗ erreur serveur ({status}) : votre handler a échoué")
            }
            Self::Unexpected { status } => {
                format!("✗ code inattendu ({status}) : seul un 2xx compte comme une réussite")
            }
            Self::Timeout => format!(
                "✗ pas de réponse en {} s : Svix abandonne la tentative et la compte comme un échec",
                RESPONSE_TIMEOUT.as_secs()
            ),
        }
    }

    /// French advice, one hint per line: why it probably happened and what to check.
    pub fn advice(self) -> &'static [&'static str] {
        match self {
            Self::Accepted { .. } => ACCEPTED,
            Self::Redirect { .. } => REDIRECT,
            Self::Unauthorized { .. } => UNAUTHORIZED,
            Self::NotFound => NOT_FOUND,
            Self::MethodNotAllowed => METHOD_NOT_ALLOWED,
            Self::SignatureRejected => SIGNATURE_REJECTED,
            Self::PayloadTooLarge => PAYLOAD_TOO_LARGE,
            Self::OtherClientError { .. } => OTHER_CLIENT_ERROR,
            Self::ServerError { .. } => SERVER_ERROR,
            Self::Unexpected { .. } => UNEXPECTED,
            Self::Timeout => TIMEOUT,
        }
    }
}

const RETRIED: &str =
    "Svix relancerait ce message selon son calendrier (5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h).";

const ACCEPTED: &[&str] = &[
    "Un 2xx en moins de 15 s suffit : le contenu de la réponse n'est pas lu.",
    "Vérifiez maintenant l'effet dans votre base (ligne créée, modifiée ou supprimée).",
];

const REDIRECT: &[&str] = &[
    "Causes fréquentes : www contre domaine nu, http contre https, barre oblique finale, ou un middleware qui redirige vers la page de connexion.",
    "Donnez à Clerk l'URL finale exacte, celle qui répond sans redirection.",
    RETRIED,
];

const UNAUTHORIZED: &[&str] = &[
    "Les webhooks n'ont aucune session : un middleware d'authentification bloque la route. Avec l'ancien authMiddleware (qui répond 401), ajoutez '/api/webhooks(.*)' à ses publicRoutes.",
    "Avec clerkMiddleware et auth.protect(), une route bloquée répond 404, pas 401 : rendez-la publique si c'est votre cas.",
    "La sécurité vient de la signature, pas de l'authentification.",
    RETRIED,
];

const NOT_FOUND: &[&str] = &[
    "Vérifiez le chemin (par exemple app/api/webhooks/route.ts pour /api/webhooks).",
    "Avec clerkMiddleware et auth.protect(), une requête non authentifiée reçoit un 404 : rendez la route publique.",
    RETRIED,
];

const METHOD_NOT_ALLOWED: &[&str] = &[
    "Clerk envoie un POST : exportez « export async function POST(req) » (Next.js) ou utilisez app.post(…) (Express).",
    RETRIED,
];

const SIGNATURE_REJECTED: &[&str] = &[
    "Vérifiez que CLERK_WEBHOOK_SIGNING_SECRET contient exactement le secret passé à --secret (celui de CET endpoint, pas la clé sk_…).",
    "Vérifiez que le corps brut est vérifié (await req.text() ou express.raw), jamais JSON.stringify(await req.json()).",
    "Un 400 est la bonne réponse à une signature invalide, mais Svix relance aussi les 4xx.",
];

const PAYLOAD_TOO_LARGE: &[&str] = &[
    "Un serveur ou un proxy limite la taille du corps : augmentez la limite de l'analyseur (par exemple express.raw({ limit: '1mb' })).",
    RETRIED,
];

const OTHER_CLIENT_ERROR: &[&str] = &[
    "Un 4xx n'arrête pas les relances : pour un événement que vous ignorez volontairement, répondez 200 ou 204.",
    RETRIED,
];

const SERVER_ERROR: &[&str] = &[
    "Regardez les journaux de votre serveur : exception dans le handler, base injoignable, contrainte d'unicité (utilisez upsert), suppression d'une ligne absente (deleteMany)…",
    RETRIED,
];

const UNEXPECTED: &[&str] = &["Répondez 200 ou 204 quand l'événement est traité.", RETRIED];

const TIMEOUT: &[&str] = &[
    "Répondez vite : confiez le travail lent (e-mails, appels externes) à une file de tâches. Fait après la réponse, il n'aurait plus aucune relance derrière lui, et un hébergeur serverless peut geler la fonction dès la réponse envoyée.",
    "Vérifiez aussi que le handler renvoie toujours une réponse, même en cas d'erreur.",
    RETRIED,
];
