"""The server side of Cognito's SRP sign-in (USER_SRP_AUTH), which moto leaves out.

Cognito uses SRP-6a with its own choices, as its clients compute them (amazon-cognito-identity-js's
AuthenticationHelper, pycognito's AWSSRP): the 3072-bit group of RFC 5054 with g = 2,
k = H(pad(N) | pad(g)), x = H(pad(salt) | H(<pool id's part after "_"><user id for SRP>:<password>)),
u = H(pad(A) | pad(B)), S = (A * v^u)^b mod N, the key K = HKDF(ikm = pad(S), salt = pad(u),
info = "Caldera Derived Key") cut to 16 bytes, and the client proves it by
PASSWORD_CLAIM_SIGNATURE = base64(HMAC-SHA256(K, <pool part> | <user id> | secret block | timestamp)).
``pad`` is their hex padding: an even number of digits, and a leading 00 where the first digit
would read as a sign bit. The server keeps no verifier of its own: it derives v from the password
moto stores, which a local stack may (moto keeps it in clear anyway).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass

N_HEX = (
    "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD1"
    "29024E088A67CC74020BBEA63B139B22514A08798E3404DD"
    "EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245"
    "E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED"
    "EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3D"
    "C2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F"
    "83655D23DCA3AD961C62F356208552BB9ED529077096966D"
    "670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B"
    "E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9"
    "DE2BCBF6955817183995497CEA956AE515D2261898FA0510"
    "15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64"
    "ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7"
    "ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6B"
    "F12FFA06D98A0864D87602733EC86A64521F2B18177B200C"
    "BBE117577A615D6C770988C0BAD946E208E24FA074E5AB31"
    "43DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF"
)
N = int(N_HEX, 16)
G = 2
INFO = b"Caldera Derived Key"
#: The timestamp a client signs, as Cognito's clients write it ("Sat Dec 5 01:02:03 UTC 2026").
TIMESTAMP_FORMAT = "%a %b %-d %H:%M:%S UTC %Y"


def pad_hex(value: int | str) -> str:
    """Cognito's padding of a number (or hex string) before hashing: even length, no sign bit."""
    text = value if isinstance(value, str) else f"{value:x}"
    if len(text) % 2 == 1:
        return "0" + text
    return "00" + text if text[0] in "89ABCDEFabcdef" else text


def hex_hash(hex_text: str) -> str:
    """SHA-256 of the bytes a hex string stands for, as 64 hex digits."""
    return hashlib.sha256(bytes.fromhex(hex_text)).hexdigest()


K_MULTIPLIER = int(hex_hash(pad_hex(N_HEX) + pad_hex(G)), 16)


def pool_part(user_pool_id: str) -> str:
    """What Cognito mixes into x and the claim: the pool id after its region (``<region>_<this>``)."""
    return user_pool_id.split("_", 1)[1]


def private_x(user_pool_id: str, user_id_for_srp: str, password: str, salt_hex: str) -> int:
    """x = H(pad(salt) | H(<pool part><user id>:<password>))."""
    identity_hash = hashlib.sha256(f"{pool_part(user_pool_id)}{user_id_for_srp}:{password}".encode()).hexdigest()
    return int(hex_hash(pad_hex(salt_hex) + identity_hash), 16)


@dataclass(frozen=True)
class ServerChallenge:
    """One PASSWORD_VERIFIER challenge: what the server sent (salt, B, the secret block) and what it
    keeps (b, the verifier, the client's A) to check the answer."""

    user_pool_id: str
    username: str
    user_id_for_srp: str
    salt_hex: str
    srp_a: int
    small_b: int
    srp_b: int
    verifier: int
    secret_block: str

    @property
    def parameters(self) -> dict[str, str]:
        """The challenge's ChallengeParameters (USERNAME is added by the caller)."""
        return {
            "SALT": self.salt_hex,
            "SRP_B": f"{self.srp_b:x}",
            "USER_ID_FOR_SRP": self.user_id_for_srp,
            "SECRET_BLOCK": self.secret_block,
        }


class InvalidClientValue(ValueError):
    """The client's A is 0 modulo N: SRP would leak, so the exchange stops (as Cognito refuses it)."""


def start(user_pool_id: str, username: str, user_id_for_srp: str, password: str, srp_a_hex: str) -> ServerChallenge:
    """A new challenge for the client's A, against the password the server holds."""
    srp_a = int(srp_a_hex, 16)
    if srp_a % N == 0:
        raise InvalidClientValue("SRP_A is 0 modulo N")
    # The salt's hex, as Cognito sends it: a number's, without leading zeros. The clients disagree
    # on a leading "00" (amazon-cognito-identity-js reads the salt as a number and drops it,
    # pycognito hashes the text as sent), so one sign-in in 256 failed with 16 random bytes' hex.
    salt_hex = f"{secrets.randbits(128):x}"
    verifier = pow(G, private_x(user_pool_id, user_id_for_srp, password, salt_hex), N)
    while True:
        small_b = secrets.randbelow(N - 2) + 2
        srp_b = (K_MULTIPLIER * verifier + pow(G, small_b, N)) % N
        if srp_b != 0:
            break
    secret_block = base64.standard_b64encode(secrets.token_bytes(64)).decode()
    return ServerChallenge(
        user_pool_id, username, user_id_for_srp, salt_hex, srp_a, small_b, srp_b, verifier, secret_block
    )


def _hkdf(ikm: bytes, salt: bytes) -> bytes:
    prk = hmac.new(salt, ikm, hashlib.sha256).digest()
    return hmac.new(prk, INFO + b"\x01", hashlib.sha256).digest()[:16]


def expected_signature(challenge: ServerChallenge, timestamp: str) -> str:
    """The PASSWORD_CLAIM_SIGNATURE a client that knows the password sends with ``timestamp``."""
    u = int(hex_hash(pad_hex(challenge.srp_a) + pad_hex(challenge.srp_b)), 16)
    shared = pow(challenge.srp_a * pow(challenge.verifier, u, N), challenge.small_b, N)
    key = _hkdf(bytes.fromhex(pad_hex(shared)), bytes.fromhex(pad_hex(f"{u:x}")))
    message = (
        pool_part(challenge.user_pool_id).encode()
        + challenge.user_id_for_srp.encode()
        + base64.standard_b64decode(challenge.secret_block)
        + timestamp.encode()
    )
    return base64.standard_b64encode(hmac.new(key, message, hashlib.sha256).digest()).decode()


def claim_is_valid(challenge: ServerChallenge, signature: str, timestamp: str) -> bool:
    """Whether the client's PASSWORD_CLAIM_SIGNATURE proves the password (compared in constant time)."""
    return hmac.compare_digest(expected_signature(challenge, timestamp).encode(), signature.encode())
