site-name = Centro de ayuda
nav-skip = Ir al contenido
nav-home = Inicio
nav-language = Idioma
nav-breadcrumbs = Ruta de navegación
footer-text = Documentación del producto, notas de versión y soporte para su suite de RR. HH.
search-label = Buscar en la documentación
search-placeholder = Buscar artículos, p. ej. «importar empleados»
search-button = Buscar
search-title = Búsqueda
search-empty-query = Escriba algunas palabras para buscar en la documentación.
search-no-results = Ningún artículo coincide con «{ $query }». Pruebe otras palabras o explore los módulos.
search-result-count = { $count ->
    [one] 1 artículo encontrado
   *[other] { $count } artículos encontrados
}
home-title = Centro de ayuda
home-heading = ¿Cómo podemos ayudarle?
home-intro = Encuentre respuestas en la documentación del producto, siga las notas de versión y contacte con soporte.
home-modules = Módulos del producto
home-recent = Actualizado recientemente
home-release-notes = Notas de versión
home-release-notes-empty = Todavía no se han publicado notas de versión.
module-article-count = { $count ->
    [one] 1 artículo
   *[other] { $count } artículos
}
module-articles = Artículos
badge-english = En inglés
versions-heading = Versiones y fases de soporte
versions-version = Versión
versions-released = Publicada
versions-phase = Fase de soporte actual
versions-next = Siguiente fase desde
versions-explainer = Estándar: soporte completo. Fin de venta: hay una versión más reciente, planifique la actualización. Extendido: soporte en la medida de lo posible. Fin de soporte: ya no hay soporte.
phase-standard = Estándar
phase-end-of-sale = Fin de venta
phase-extended = Extendido
phase-end-of-support = Fin de soporte
article-updated = Última actualización
article-toc = En esta página
article-moved = Este artículo se ha movido: continúe a la nueva página.
fallback-notice = Este artículo aún no está disponible en { $language }; se muestra en inglés.
helpful-question = ¿Le ha resultado útil este artículo?
helpful-yes = Sí
helpful-no = No
helpful-thanks = ¡Gracias por su opinión!
helpful-failed = No se pudo guardar su respuesta. Inténtelo de nuevo.
helpful-tally = A { $yes } les resultó útil, a { $no } no.
ticket-slot-heading = ¿Necesita más ayuda?
ticket-slot-text = Contacte con soporte desde este artículo: su solicitud lo mencionará automáticamente.
error-not-found-title = Página no encontrada
error-not-found-text = No encontramos esta página. Puede que se haya movido o que la dirección esté mal escrita.
error-sign-in-title = Inicie sesión
error-sign-in-text = Este artículo está disponible para los usuarios de su empresa que han iniciado sesión.
error-bad-request-title = Hay un problema con esta solicitud
error-bad-request-text = Compruebe lo que ha introducido e inténtelo de nuevo.
error-internal-title = Algo ha salido mal
error-internal-text = Se ha producido un error inesperado por nuestra parte. Inténtelo de nuevo en un momento.
error-back-home = Volver al centro de ayuda
error-search = Buscar en la documentación
