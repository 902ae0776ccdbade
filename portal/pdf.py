"""PDFs from Django templates with WeasyPrint: letters, exports, reports.

The PDF is made from the template alone: WeasyPrint may read `data:` URLs (an embedded logo,
see `image_data_uri`) and nothing else, from no host.
"""

import base64
import mimetypes

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation


def _fetch(url, *args, **kwargs):
    if url.startswith("data:"):
        header, _comma, data = url.partition(",")
        mime = header[5:].split(";")[0] or "application/octet-stream"
        body = base64.b64decode(data) if ";base64" in header else data.encode()
        return {"string": body, "mime_type": mime}
    raise ValueError("PDFs load nothing from outside the template")


def render_pdf(template_name: str, context: dict, request=None, language=None) -> bytes:
    import weasyprint

    with translation.override(language or translation.get_language()):
        html = render_to_string(template_name, context, request=request)
    return weasyprint.HTML(
        string=html, base_url=str(settings.BASE_DIR), url_fetcher=_fetch
    ).write_pdf()


def image_data_uri(image, filter_spec="max-400x160") -> str:
    """A Wagtail image (e.g. the logo in site settings) as a data: URL for a PDF template."""
    if image is None:
        return ""
    rendition = image.get_rendition(filter_spec)
    with rendition.file.open("rb") as handle:
        data = handle.read()
    mime = mimetypes.guess_type(rendition.file.name)[0] or "image/png"
    return f"data:{mime};base64,{base64.b64encode(data).decode()}"
