"""A timestamp authority on 127.0.0.1 for tests: no test touches the network.

It answers RFC 3161 requests the way FreeTSA and DigiCert do (the formats are RFC 3161 §2.4.2 and
RFC 5652 §5; checked against `openssl ts -reply` output): a TimeStampResp holding a CMS SignedData
whose content is a TSTInfo, signed over its signed attributes (content type, message digest,
signing certificate v2) with RSA-SHA256 by a self-signed certificate made here with `cryptography`,
and carrying that certificate (the request asked for it).
"""

from __future__ import annotations

import hashlib
import threading
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer

from asn1crypto import algos, cms, tsp, x509
from cryptography import x509 as cx509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

TSA_POLICY = "1.2.3.4.1"
TSA_NAME = "Test TSA"


def make_identity(name: str = TSA_NAME):
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = cx509.Name(
        [
            cx509.NameAttribute(NameOID.COMMON_NAME, name),
            cx509.NameAttribute(NameOID.ORGANIZATION_NAME, "Local test"),
        ]
    )
    now = datetime.now(UTC)
    cert = (
        cx509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(cx509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=365))
        .add_extension(cx509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
        .sign(key, hashes.SHA256())
    )
    return key, x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))


def sign_token(
    key, cert: x509.Certificate, digest: bytes, nonce: int | None, gen_time: datetime, serial: int = 1
) -> cms.ContentInfo:
    tst = tsp.TSTInfo(
        {
            "version": "v1",
            "policy": TSA_POLICY,
            "message_imprint": {"hash_algorithm": {"algorithm": "sha256"}, "hashed_message": digest},
            "serial_number": serial,
            "gen_time": gen_time,
            "nonce": nonce,
        }
    )
    content = tst.dump()
    attrs = cms.CMSAttributes(
        [
            cms.CMSAttribute({"type": "content_type", "values": ["tst_info"]}),
            cms.CMSAttribute({"type": "message_digest", "values": [hashlib.sha256(content).digest()]}),
            cms.CMSAttribute(
                {
                    "type": "signing_certificate_v2",
                    "values": [{"certs": [{"cert_hash": hashlib.sha256(cert.dump()).digest()}]}],
                }
            ),
        ]
    )
    signature = key.sign(attrs.dump(), padding.PKCS1v15(), hashes.SHA256())
    signer = cms.SignerInfo(
        {
            "version": "v1",
            "sid": cms.SignerIdentifier(
                {"issuer_and_serial_number": {"issuer": cert.issuer, "serial_number": cert.serial_number}}
            ),
            "digest_algorithm": algos.DigestAlgorithm({"algorithm": "sha256"}),
            "signed_attrs": attrs,
            "signature_algorithm": algos.SignedDigestAlgorithm({"algorithm": "rsassa_pkcs1v15"}),
            "signature": signature,
        }
    )
    signed = cms.SignedData(
        {
            "version": "v3",
            "digest_algorithms": [algos.DigestAlgorithm({"algorithm": "sha256"})],
            "encap_content_info": {"content_type": "tst_info", "content": tst},
            "certificates": [cert],
            "signer_infos": [signer],
        }
    )
    return cms.ContentInfo({"content_type": "signed_data", "content": signed})


class LocalTSA:
    """`with LocalTSA() as tsa:` serves at tsa.url; tsa.requests counts what reached it."""

    def __init__(self, mode: str = "ok") -> None:
        self.key, self.cert = make_identity()
        self.mode = mode  # ok | refuse | wrong_nonce | bad_signature
        self.requests: list[bytes] = []
        self.gen_time = datetime(2026, 11, 30, 1, 2, 3, tzinfo=UTC)
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - the http.server name
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                outer.requests.append(body)
                answer = outer.answer(body, self.headers.get("Content-Type"))
                self.send_response(200)
                self.send_header("Content-Type", "application/timestamp-reply")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, *args):
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/tsr"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def answer(self, body: bytes, content_type: str | None) -> bytes:
        request = tsp.TimeStampReq.load(body)
        if self.mode == "refuse" or content_type != "application/timestamp-query":
            status = tsp.PKIStatusInfo({"status": "rejection", "status_string": ["bad request"]}).dump()
            return b"\x30" + bytes([len(status)]) + status  # TimeStampResp without a token
        digest = request["message_imprint"]["hashed_message"].native
        nonce = request["nonce"].native
        if self.mode == "wrong_nonce":
            nonce += 1
        token = sign_token(self.key, self.cert, digest, nonce, self.gen_time, serial=len(self.requests))
        if self.mode == "bad_signature":
            signer = token["content"]["signer_infos"][0]
            signer["signature"] = bytes(256)
        return tsp.TimeStampResp({"status": {"status": "granted"}, "time_stamp_token": token}).dump()

    def __enter__(self) -> LocalTSA:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


def closed_port_url() -> str:
    """A URL on 127.0.0.1 where nothing listens: the authority is down."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/tsr"
