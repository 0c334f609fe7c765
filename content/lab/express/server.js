// Potagers : l'endpoint de webhooks Clerk du module 3, en Express.
// Il vérifie la signature Svix avec verifyWebhook de @clerk/express, puis garde la table
// User synchronisée avec Clerk et envoie un e-mail de bienvenue (enregistré dans la
// table WelcomeEmail) à chaque nouvel utilisateur.
//
// Le projet de départ du labo contient sept bugs volontaires, un par exercice, chacun
// marqué « EXERCICE n » ; « webhook-tutor lab » démarre ce serveur, l'évalue, et
// recommence à chaque enregistrement.
const express = require('express');
const { verifyWebhook } = require('@clerk/express/webhooks');
const { openDatabase } = require('./db');

const PORT = Number(process.env.PORT || 3000);
const db = openDatabase(process.env.DATABASE_URL || 'file:./potagers.db');
const app = express();

// EXERCICE 4 : toute l'application lit du JSON… y compris la route du webhook ?
app.use(express.json());

function primaryEmail(data) {
  // EXERCICE 9 : est-ce vraiment l'adresse principale ?
  return data.email_addresses?.[0]?.email_address ?? null;
}

function userFields(data) {
  return {
    email: primaryEmail(data),
    firstName: data.first_name ?? null,
    lastName: data.last_name ?? null,
    imageUrl: data.image_url ?? null,
    clerkUpdatedAt: data.updated_at ?? null,
  };
}

// Pour de vrai, un appel à Resend, Postmark… Ici, une ligne dans WelcomeEmail.
function sendWelcomeEmail(clerkId, email) {
  db.welcomeEmail.create({ data: { clerkId, email } });
  console.log(`E-mail de bienvenue envoyé à ${email ?? clerkId}`);
}

// Clerk ne garantit pas l'ordre : un événement plus ancien que la ligne est ignoré.
function isStale(clerkId, updatedAt) {
  const existing = db.user.findUnique({ where: { clerkId } });
  return Boolean(existing && updatedAt && existing.clerkUpdatedAt > updatedAt);
}

// Renvoie [statut HTTP, corps] pour un événement vérifié.
function handleEvent(evt) {
  const data = evt.data;
  switch (evt.type) {
    case 'user.created': {
      // EXERCICE 10 : et si Svix livre ce message une deuxième fois ?
      sendWelcomeEmail(data.id, primaryEmail(data));
      if (isStale(data.id, data.updated_at)) return [200, { ignored: 'événement plus ancien' }];
      // EXERCICE 5 : que se passe-t-il si la ligne existe déjà ?
      db.user.create({ data: { clerkId: data.id, ...userFields(data) } });
      return [200, { synced: data.id }];
    }
    case 'user.updated': {
      if (isStale(data.id, data.updated_at)) return [200, { ignored: 'événement plus ancien' }];
      // EXERCICE 5 : et si le user.updated arrive avant le user.created ?
      db.user.update({ where: { clerkId: data.id }, data: userFields(data) });
      return [200, { synced: data.id }];
    }
    case 'user.deleted': {
      // EXERCICE 6 : un utilisateur que la base n'a jamais vu ?
      db.user.delete({ where: { clerkId: data.id } });
      return [200, { deleted: data.id }];
    }
    default:
      // EXERCICE 7 : que fait Svix d'une réponse 400 ?
      return [400, { error: `événement non géré : ${evt.type}` }];
  }
}

// EXERCICE 8 : quelle taille de corps express.raw accepte-t-il par défaut ?
app.post('/api/webhooks', express.raw({ type: 'application/json' }), async (req, res) => {
  let evt;
  try {
    evt = await verifyWebhook(req);
  } catch (err) {
    console.error(`Webhook refusé : ${err.message}`);
    return res.status(400).json({ error: 'signature invalide' });
  }
  try {
    const [status, body] = handleEvent(evt);
    return res.status(status).json(body);
  } catch (err) {
    console.error(`Erreur en traitant ${evt.type} : ${err.code ?? ''} ${err.message}`);
    return res.status(500).json({ error: 'erreur interne' });
  }
});

app.get('/', (req, res) => {
  res.json({ app: 'potagers', webhooks: '/api/webhooks' });
});

app.listen(PORT, '127.0.0.1', () => {
  console.log(`Potagers écoute sur http://127.0.0.1:${PORT} (webhooks : /api/webhooks)`);
});
