site-name = Helpcentrum
nav-skip = Naar de inhoud
nav-home = Start
nav-language = Taal
nav-breadcrumbs = Kruimelpad
footer-text = Productdocumentatie, release notes en ondersteuning voor uw HR-suite.
search-label = Zoeken in de documentatie
search-placeholder = Artikelen zoeken, bijv. “medewerkers importeren”
search-button = Zoeken
search-title = Zoeken
search-empty-query = Typ een paar woorden om in de documentatie te zoeken.
search-no-results = Geen artikelen gevonden voor “{ $query }”. Probeer andere woorden of blader door de modules.
search-result-count = { $count ->
    [one] 1 artikel gevonden
   *[other] { $count } artikelen gevonden
}
home-title = Helpcentrum
home-heading = Waarmee kunnen we helpen?
home-intro = Vind antwoorden in de productdocumentatie, volg de release notes en neem contact op met support.
home-modules = Productmodules
home-recent = Onlangs bijgewerkt
home-release-notes = Release notes
home-release-notes-empty = Nog geen release notes gepubliceerd.
module-article-count = { $count ->
    [one] 1 artikel
   *[other] { $count } artikelen
}
module-articles = Artikelen
badge-english = In het Engels
versions-heading = Versies en ondersteuningsfasen
versions-version = Versie
versions-released = Uitgebracht
versions-phase = Huidige ondersteuningsfase
versions-next = Volgende fase vanaf
versions-explainer = Standaard: volledige ondersteuning. Einde verkoop: er is een nieuwere versie, plan uw upgrade. Uitgebreid: ondersteuning naar beste vermogen. Einde ondersteuning: geen ondersteuning meer.
phase-standard = Standaard
phase-end-of-sale = Einde verkoop
phase-extended = Uitgebreid
phase-end-of-support = Einde ondersteuning
article-updated = Laatst bijgewerkt
article-toc = Op deze pagina
article-moved = Dit artikel is verplaatst: ga verder naar de nieuwe pagina.
fallback-notice = Dit artikel is nog niet beschikbaar in het { $language }; het wordt in het Engels getoond.
helpful-question = Was dit artikel nuttig?
helpful-yes = Ja
helpful-no = Nee
helpful-thanks = Bedankt voor uw feedback!
helpful-failed = Uw antwoord kon niet worden opgeslagen. Probeer het opnieuw.
helpful-tally = { $yes } vonden dit nuttig, { $no } niet.
ticket-slot-heading = Nog hulp nodig?
ticket-slot-text = Neem vanuit dit artikel contact op met support: uw verzoek verwijst er automatisch naar.
error-not-found-title = Pagina niet gevonden
error-not-found-text = We konden deze pagina niet vinden. Misschien is ze verplaatst of is het adres verkeerd getypt.
error-sign-in-title = Meld u aan
error-sign-in-text = Dit artikel is beschikbaar voor aangemelde gebruikers van uw bedrijf.
error-bad-request-title = Er klopt iets niet aan dit verzoek
error-bad-request-text = Controleer uw invoer en probeer het opnieuw.
error-internal-title = Er is iets misgegaan
error-internal-text = Er is aan onze kant een onverwachte fout opgetreden. Probeer het zo meteen opnieuw.
error-back-home = Terug naar het helpcentrum
error-search = Zoeken in de documentatie
