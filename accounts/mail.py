"""Every email the product sends: plain text and HTML from one template pair, naming the
product and the council, never carrying figures."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string


def send_product_mail(template_prefix: str, *, to: str, context: dict, headers: dict | None = None) -> None:
    """`<prefix>_subject.txt`, `<prefix>_message.txt` and `<prefix>_message.html`; `headers`
    are added to the message (an alert's List-Unsubscribe)."""
    context = {
        "council_name": settings.COUNCIL_NAME,
        "product": "Corporate Parenting scorecard",
        "reset_hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
        **context,
    }
    subject = " ".join(render_to_string(f"{template_prefix}_subject.txt", context).split())
    message = EmailMultiAlternatives(
        subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject,
        body=render_to_string(f"{template_prefix}_message.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        headers=headers,
    )
    try:
        message.attach_alternative(render_to_string(f"{template_prefix}_message.html", context), "text/html")
    except TemplateDoesNotExist:
        pass  # allauth's own notices that the product has not restyled: plain text only
    message.send()
