"""Content-Security-Policy on every answer (Django 5.2 has none built in)."""

from django.conf import settings


class ContentSecurityPolicyMiddleware:
    """Sets ``Content-Security-Policy`` from settings.CONTENT_SECURITY_POLICY (environment: DANGVU_CSP);
    an empty value turns the header off. A header already set by a view is kept."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = getattr(settings, "CONTENT_SECURITY_POLICY", "")

    def __call__(self, request):
        response = self.get_response(request)
        if self.policy and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = self.policy
        return response
