"""Antrean's local stack: the SAM template's API, functions, schedules and tables on one machine.

No AWS and no Docker: DynamoDB Local (Java) holds the tables, moto's server stands in for S3, SQS,
Cognito and the other services (with what its Cognito lacks filled in: see ``cognito``), a small
gateway maps HTTP requests to the Lambda handlers the way API Gateway does (SigV4 with the local
identity pool's temporary credentials on the staff routes), and a scheduler fires the template's
schedules. template.yaml stays the single
source of truth for routes, auth, schedules, environment and tables.

Start it with ``python -m antrean_local run`` (see ``--help``).
"""

#: The region every local client and function uses (the production region).
REGION = "ap-southeast-3"
#: The access key every local client uses: DynamoDB Local and moto accept any, so never a real one.
LOCAL_ACCESS_KEY = "local"


class LocalStackError(Exception):
    """The local stack cannot do what was asked; the message says why and what to do."""
