site-name = Hilfe-Center
nav-skip = Zum Inhalt springen
nav-home = Startseite
nav-language = Sprache
nav-breadcrumbs = Navigationspfad
footer-text = Produktdokumentation, Versionshinweise und Support für Ihre HR-Suite.
search-label = Dokumentation durchsuchen
search-placeholder = Artikel suchen, z. B. „Mitarbeiter importieren“
search-button = Suchen
search-title = Suche
search-empty-query = Geben Sie einige Wörter ein, um die Dokumentation zu durchsuchen.
search-no-results = Keine Artikel passen zu „{ $query }“. Versuchen Sie andere Wörter oder durchsuchen Sie die Module.
search-result-count = { $count ->
    [one] 1 Artikel gefunden
   *[other] { $count } Artikel gefunden
}
home-title = Hilfe-Center
home-heading = Wie können wir helfen?
home-intro = Finden Sie Antworten in der Produktdokumentation, verfolgen Sie Versionshinweise und kontaktieren Sie den Support.
home-modules = Produktmodule
home-recent = Kürzlich aktualisiert
home-release-notes = Versionshinweise
home-release-notes-empty = Noch keine Versionshinweise veröffentlicht.
module-article-count = { $count ->
    [one] 1 Artikel
   *[other] { $count } Artikel
}
module-articles = Artikel
badge-english = Auf Englisch
versions-heading = Versionen und Supportphasen
versions-version = Version
versions-released = Veröffentlicht
versions-phase = Aktuelle Supportphase
versions-next = Nächste Phase ab
versions-explainer = Standard: voller Support. Vertriebsende: eine neuere Version ist verfügbar, bitte planen Sie das Upgrade. Erweitert: Support nach bestem Bemühen. Supportende: kein Support mehr.
phase-standard = Standard
phase-end-of-sale = Vertriebsende
phase-extended = Erweitert
phase-end-of-support = Supportende
article-updated = Zuletzt aktualisiert
article-toc = Auf dieser Seite
article-moved = Dieser Artikel ist umgezogen: weiter zur neuen Seite.
fallback-notice = Dieser Artikel ist noch nicht auf { $language } verfügbar; er wird auf Englisch angezeigt.
helpful-question = War dieser Artikel hilfreich?
helpful-yes = Ja
helpful-no = Nein
helpful-thanks = Vielen Dank für Ihr Feedback!
helpful-failed = Ihre Antwort konnte nicht gespeichert werden. Bitte versuchen Sie es erneut.
helpful-tally = { $yes } fanden dies hilfreich, { $no } nicht.
ticket-slot-heading = Brauchen Sie weitere Hilfe?
ticket-slot-text = Kontaktieren Sie den Support von diesem Artikel aus: Ihre Anfrage verweist automatisch darauf.
error-not-found-title = Seite nicht gefunden
error-not-found-text = Diese Seite wurde nicht gefunden. Vielleicht wurde sie verschoben oder die Adresse ist falsch geschrieben.
error-sign-in-title = Bitte melden Sie sich an
error-sign-in-text = Dieser Artikel ist angemeldeten Benutzern Ihres Unternehmens vorbehalten.
error-bad-request-title = Mit dieser Anfrage stimmt etwas nicht
error-bad-request-text = Bitte prüfen Sie Ihre Eingabe und versuchen Sie es erneut.
error-internal-title = Etwas ist schiefgelaufen
error-internal-text = Bei uns ist ein unerwarteter Fehler aufgetreten. Bitte versuchen Sie es gleich noch einmal.
error-back-home = Zurück zum Hilfe-Center
error-search = Dokumentation durchsuchen
