"""RFC 3161 timestamps: the request for one SHA-256 hash, and checking the token that comes back.

The only thing sent is a TimeStampReq (RFC 3161 §2.4.1): version 1, the hash, a random nonce and
"send your certificate". The token is a CMS SignedData (RFC 5652) whose content is a TSTInfo naming
that hash and a time; it is checked here against the certificate it carries: the signed attributes
name the TSTInfo's digest, and the signature over them verifies with that certificate's key.
Whether that certificate belongs to the named authority is for whoever trusts the authority to say
(`openssl ts -verify -CAfile …` does the full check); what it proves here is that the token was not
altered and names exactly this hash.

asn1crypto parses and writes the DER (pure Python, the ASN.1 definitions of RFC 3161/5652/5280 are
hand-checked there); `cryptography` checks the signature.
"""

from __future__ import annotations

import hashlib
import secrets
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import datetime

from asn1crypto import cms, core, tsp, x509

CONTENT_TYPE = "application/timestamp-query"
TIMEOUT_SECONDS = 20
MAX_RESPONSE = 256 << 10  # real tokens with a certificate chain are 5-10 KB
_HASHES = ("sha256", "sha384", "sha512", "sha1")


class _Parts(core.SequenceOf):
    _child_spec = core.Any


class TimestampError(Exception):
    """Why no usable timestamp was obtained or a token does not hold, in one sentence."""


@dataclass(frozen=True)
class TokenInfo:
    gen_time: datetime  # when the authority says it saw the hash (UTC)
    authority: str  # the signing certificate's subject, e.g. "CN=…, O=…"
    serial: int


def new_nonce() -> int:
    return secrets.randbits(63)


def build_request(digest: bytes, nonce: int) -> bytes:
    """The DER TimeStampReq for a SHA-256 digest."""
    if len(digest) != 32:
        raise ValueError("a SHA-256 digest is 32 bytes")
    return tsp.TimeStampReq(
        {
            "version": "v1",
            "message_imprint": {"hash_algorithm": {"algorithm": "sha256"}, "hashed_message": digest},
            "nonce": nonce,
            "cert_req": True,
        }
    ).dump()


def fetch_token(url: str, digest: bytes, timeout: float = TIMEOUT_SECONDS) -> bytes:
    """Ask the authority at `url` to timestamp `digest`; the checked token's DER."""
    nonce = new_nonce()
    request = urllib.request.Request(
        url, data=build_request(digest, nonce), method="POST", headers={"Content-Type": CONTENT_TYPE}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - the shop's URL
            body = response.read(MAX_RESPONSE + 1)
    except urllib.error.HTTPError as exc:
        raise TimestampError(f"the timestamp authority {url} answered HTTP {exc.code}") from None
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        raise TimestampError(f"the timestamp authority {url} could not be reached ({reason})") from None
    if len(body) > MAX_RESPONSE:
        raise TimestampError(f"the timestamp authority {url} sent more than {MAX_RESPONSE:,} bytes")
    return token_from_response(body, digest, nonce)


def token_from_response(body: bytes, digest: bytes, nonce: int) -> bytes:
    """The token in a TimeStampResp, once it is granted, names our hash and nonce, and verifies."""
    try:
        # Parsed part by part: a refusal carries no token, which asn1crypto's TimeStampResp requires.
        parts = _Parts.load(body)
        status_info = tsp.PKIStatusInfo.load(parts[0].dump())
        status = status_info["status"].native
        token = cms.ContentInfo.load(parts[1].dump()) if len(parts) > 1 else None
    except (ValueError, TypeError, KeyError, IndexError) as exc:
        raise TimestampError(f"the answer is not a timestamp response ({exc})") from None
    if status not in ("granted", "granted_with_mods"):
        text = status_info["status_string"].native
        raise TimestampError(
            f"the timestamp authority refused ({status}{': ' + '; '.join(text) if text else ''})"
        )
    if token is None:
        raise TimestampError("the timestamp authority granted but sent no token")
    der = token.dump()
    tst = _tst_info(der)
    if tst["nonce"].native != nonce:
        raise TimestampError("the token answers another request (its nonce differs)")
    check_token(der, digest)
    return der


def check_token(token_der: bytes, digest: bytes) -> TokenInfo:
    """What the token says, once it names `digest` (SHA-256) and its signature verifies; else why not."""
    tst = _tst_info(token_der)
    imprint = tst["message_imprint"]
    if (
        imprint["hash_algorithm"]["algorithm"].native != "sha256"
        or imprint["hashed_message"].native != digest
    ):
        raise TimestampError("the token names a different hash")
    signed = cms.ContentInfo.load(token_der)["content"]
    content = signed["encap_content_info"]["content"].contents
    infos = signed["signer_infos"]
    if len(infos) != 1:
        raise TimestampError("the token does not have exactly one signer")
    signer = infos[0]
    cert = _signer_certificate(signed, signer)
    _check_signature(signer, cert, content)
    try:
        subject = cert.subject.native
        name = subject.get("common_name") if isinstance(subject, dict) else None
        return TokenInfo(
            gen_time=tst["gen_time"].native,
            authority=str(name or cert.subject.human_friendly),
            serial=int(tst["serial_number"].native),
        )
    except (ValueError, TypeError) as exc:
        raise TimestampError(f"the token's time is not readable ({exc})") from None


def _tst_info(token_der: bytes) -> tsp.TSTInfo:
    try:
        info = cms.ContentInfo.load(token_der)
        if info["content_type"].native != "signed_data":
            raise ValueError("not CMS SignedData")
        encap = info["content"]["encap_content_info"]
        if encap["content_type"].native != "tst_info":
            raise ValueError("its content is not a TSTInfo")
        tst = encap["content"].parsed
        _ = tst.native  # parse it all now: a malformed field is a clear error here, not later
        return tst
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        raise TimestampError(f"the token is not readable ({exc})") from None


def _signer_certificate(signed: cms.SignedData, signer: cms.SignerInfo) -> x509.Certificate:
    sid = signer["sid"]
    for choice in signed["certificates"] or []:
        if choice.name != "certificate":
            continue
        cert = choice.chosen
        if sid.name == "issuer_and_serial_number":
            wanted = sid.chosen
            if cert.issuer == wanted["issuer"] and cert.serial_number == wanted["serial_number"].native:
                return cert
        elif cert.key_identifier == sid.chosen.native:
            return cert
    raise TimestampError("the token does not carry the certificate that signed it")


def _attribute(signer: cms.SignerInfo, name: str):
    for attribute in signer["signed_attrs"] or []:
        if attribute["type"].native == name:
            return attribute["values"][0].native
    return None


def _check_signature(signer: cms.SignerInfo, cert: x509.Certificate, content: bytes) -> None:
    digest_name = signer["digest_algorithm"]["algorithm"].native
    if digest_name not in _HASHES:
        raise TimestampError(f"the token uses an unknown digest ({digest_name})")
    if not signer["signed_attrs"]:
        raise TimestampError("the token has no signed attributes")
    if _attribute(signer, "content_type") != "tst_info":
        raise TimestampError("the token's signed content type is not a TSTInfo")
    if _attribute(signer, "message_digest") != hashlib.new(digest_name, content).digest():
        raise TimestampError("the token's content was altered after it was signed")
    # RFC 5652 §5.4: the signature covers the DER of the attributes as a SET, not as [0] IMPLICIT.
    signed_bytes = b"\x31" + signer["signed_attrs"].dump()[1:]
    # Imported here, not with the module: cryptography's Rust extension makes its types holding
    # the GIL (tens of ms), and the window imports this module on a worker while it opens.
    from cryptography import x509 as cx509
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa

    key = cx509.load_der_x509_certificate(cert.dump()).public_key()
    algo = signer["signature_algorithm"].signature_algo
    chosen = getattr(hashes, digest_name.upper())()
    signature = signer["signature"].native
    try:
        if isinstance(key, rsa.RSAPublicKey) and algo == "rsassa_pkcs1v15":
            key.verify(signature, signed_bytes, padding.PKCS1v15(), chosen)
        elif isinstance(key, rsa.RSAPublicKey) and algo == "rsassa_pss":
            key.verify(signature, signed_bytes, padding.PSS(padding.MGF1(chosen), padding.PSS.AUTO), chosen)
        elif isinstance(key, ec.EllipticCurvePublicKey) and algo == "ecdsa":
            key.verify(signature, signed_bytes, ec.ECDSA(chosen))
        else:
            raise TimestampError(f"the token's signature kind ({algo}) is not supported")
    except InvalidSignature:
        raise TimestampError("the token's signature does not verify against its certificate") from None


def digest_of_hex(entry_hash: str) -> bytes:
    """The head log's entry hash (hex SHA-256) as the 32 bytes a TSA is asked to timestamp."""
    return bytes.fromhex(entry_hash)
