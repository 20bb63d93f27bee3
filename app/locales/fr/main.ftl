site-name = Centre d’aide
nav-skip = Aller au contenu
nav-home = Accueil
nav-language = Langue
nav-breadcrumbs = Fil d’Ariane
footer-text = Documentation produit, notes de version et support pour votre suite RH.
search-label = Rechercher dans la documentation
search-placeholder = Rechercher, par ex. « importer des salariés »
search-button = Rechercher
search-title = Recherche
search-empty-query = Saisissez quelques mots pour rechercher dans la documentation.
search-no-results = Aucun article ne correspond à « { $query } ». Essayez d’autres mots ou parcourez les modules.
search-result-count = { $count ->
    [one] 1 article trouvé
   *[other] { $count } articles trouvés
}
home-title = Centre d’aide
home-heading = Comment pouvons-nous vous aider ?
home-intro = Trouvez des réponses dans la documentation produit, suivez les notes de version et contactez le support.
home-modules = Modules du produit
home-recent = Mis à jour récemment
home-release-notes = Notes de version
home-release-notes-empty = Aucune note de version publiée pour le moment.
module-article-count = { $count ->
    [one] 1 article
   *[other] { $count } articles
}
module-articles = Articles
badge-english = En anglais
versions-heading = Versions et phases de support
versions-version = Version
versions-released = Sortie
versions-phase = Phase de support actuelle
versions-next = Phase suivante à partir du
versions-explainer = Standard : support complet. Fin de commercialisation : une version plus récente existe, planifiez la mise à jour. Étendu : support au mieux. Fin de support : plus aucun support.
phase-standard = Standard
phase-end-of-sale = Fin de commercialisation
phase-extended = Étendu
phase-end-of-support = Fin de support
article-updated = Dernière mise à jour
article-toc = Sur cette page
article-moved = Cet article a été déplacé : continuer vers la nouvelle page.
fallback-notice = Cet article n’est pas encore disponible en { $language } ; il est affiché en anglais.
helpful-question = Cet article vous a-t-il été utile ?
helpful-yes = Oui
helpful-no = Non
helpful-thanks = Merci pour votre retour !
helpful-failed = Votre réponse n’a pas pu être enregistrée. Veuillez réessayer.
helpful-tally = { $yes } l’ont trouvé utile, { $no } non.
ticket-slot-heading = Besoin d’aide supplémentaire ?
ticket-slot-text = Contactez le support depuis cet article : votre demande le mentionnera automatiquement.
error-not-found-title = Page introuvable
error-not-found-text = Nous n’avons pas trouvé cette page. Elle a peut-être été déplacée, ou l’adresse contient une faute de frappe.
error-sign-in-title = Veuillez vous connecter
error-sign-in-text = Cet article est réservé aux utilisateurs connectés de votre entreprise.
error-bad-request-title = Cette demande contient une erreur
error-bad-request-text = Vérifiez votre saisie et réessayez.
error-internal-title = Une erreur est survenue
error-internal-text = Une erreur inattendue s’est produite de notre côté. Veuillez réessayer dans un instant.
error-back-home = Retour au centre d’aide
error-search = Rechercher dans la documentation
