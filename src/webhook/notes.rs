//! Teaching notes: how the official Python and JavaScript libraries differ from the strict
//! profile this module implements (French text, shown by the sandbox).

/// The library a note is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Library {
    Python,
    JavaScript,
}

impl Library {
    pub fn label(self) -> &'static str {
        match self {
            Self::Python => "Python (svix / standardwebhooks)",
            Self::JavaScript => "JavaScript (svix / standardwebhooks)",
        }
    }
}

/// One behaviour that differs from the strict profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LibraryNote {
    pub library: Library,
    pub title: &'static str,
    pub text: &'static str,
}

/// The differences worth knowing when a learner's own server uses another library.
pub fn library_differences() -> &'static [LibraryNote] {
    NOTES
}

const NOTES: &[LibraryNote] = &[
    LibraryNote {
        library: Library::Python,
        title: "tolérance à la sous-seconde",
        text: "Python compare l'horodatage à datetime.now(), microsecondes comprises : un message \
               vieux d'exactement 300 s est refusé dès que l'horloge a dépassé la seconde ronde \
               (300,5 s), alors que Rust et JavaScript l'acceptent encore.",
    },
    LibraryNote {
        library: Library::Python,
        title: "ValueError sur une entrée mal formée",
        text: "Python découpe chaque entrée avec split(\",\") et lève ValueError (pas \
               WebhookVerificationError) si elle ne contient pas exactement une virgule, y compris \
               pour les entrées vides d'un double espace. Il s'arrête à la première entrée mal \
               formée : « garbage v1,<valide> » échoue. Un handler qui n'attrape que \
               WebhookVerificationError répond alors 500 au lieu de 400.",
    },
    LibraryNote {
        library: Library::Python,
        title: "base64 tolérant",
        text: "Python décode le secret avec b64decode(secret + \"==\") sans validation : les \
               caractères hors alphabet (un \\n final) sont ignorés et le remplissage manquant est \
               accepté, mais 4n+1 caractères lèvent binascii.Error. Il compare aussi les octets \
               décodés de la signature, donc une écriture non canonique du bon MAC passe.",
    },
    LibraryNote {
        library: Library::Python,
        title: "corps non UTF-8",
        text: "Python commence par data.decode() : un corps non UTF-8 lève UnicodeDecodeError \
               avant même la lecture des en-têtes.",
    },
    LibraryNote {
        library: Library::JavaScript,
        title: "horodatage lu par parseInt",
        text: "JavaScript lit l'horodatage avec parseInt(header, 10) : les caractères après les \
               chiffres sont ignorés (« 1614265330abc » passe) et « 1.61426533e9 » vaut 1, donc \
               « trop ancien ». Rust n'accepte qu'un signe facultatif suivi de chiffres ASCII.",
    },
    LibraryNote {
        library: Library::JavaScript,
        title: "UTF-8 avec pertes",
        text: "JavaScript convertit le corps avec Buffer.toString() : les octets invalides \
               deviennent U+FFFD avant la signature. Une signature faite sur les octets bruts \
               échoue, et une signature faite par sign() de JavaScript sur le même corps passe.",
    },
    LibraryNote {
        library: Library::JavaScript,
        title: "caractère 4n+1 du secret ignoré",
        text: "Le décodeur base64 de JavaScript (@stablelib/base64) accepte l'absence de « = » et \
               ignore silencieusement un 4n+1-ième caractère final : secret + « x » ou secret + \
               « \\n » vérifie encore. Les caractères hors alphabet, eux, lèvent une erreur.",
    },
    LibraryNote {
        library: Library::JavaScript,
        title: "troisième champ ignoré",
        text: "JavaScript découpe l'entrée avec split(\",\") et ne garde que deux champs : \
               « v1,<valide>,suite » est accepté, alors que Rust exige que tout ce qui suit la \
               première virgule soit exactement la signature attendue.",
    },
];
