"""A stand-in for the part of httpx the judge0 SDK uses (httpx is not installed here; requests is)."""
import requests


class HTTPError(Exception):
    pass


class HTTPStatusError(HTTPError):
    def __init__(self, message, response):
        super().__init__(message)
        self.response = response


class Response:
    def __init__(self, inner):
        self._inner = inner
        self.status_code = inner.status_code
        self.text = inner.text

    def json(self):
        return self._inner.json()

    def raise_for_status(self):
        if self.status_code >= 400:
            raise HTTPStatusError(f"{self.status_code}: {self.text}", self)


class Client:
    def __init__(self, base_url=""):
        self._base = base_url.rstrip("/")
        self._session = requests.Session()

    def get(self, url, params=None, headers=None):
        return Response(self._session.get(self._base + url, params=params, headers=headers, timeout=120))

    def post(self, url, json=None, params=None, headers=None):
        return Response(self._session.post(self._base + url, json=json, params=params, headers=headers, timeout=120))

    def close(self):
        self._session.close()
