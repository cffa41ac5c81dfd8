"""Expands a SAM template into the CloudFormation template the AWS::Serverless-2016-10-31 transform deploys, with
aws-sam-translator, the library `sam` and CloudFormation's transform use (pinned in local/requirements-tools.txt).

Usage: python sam_translate.py REGION PARAMETERS_JSON < template.json > expanded.json
The template comes in as JSON with intrinsics in long form. A local (or missing) CodeUri becomes a placeholder S3 location, as
`sam validate` does: the translator accepts only code in S3, and the code does not matter for what it generates.
"""
import json
import os
import sys

region, parameters = sys.argv[1], json.loads(sys.argv[2])
os.environ.setdefault("AWS_DEFAULT_REGION", region)

from samtranslator.parser.parser import Parser  # noqa: E402  (the translator reads the region at import)
from samtranslator.translator.translator import Translator  # noqa: E402

template = json.load(sys.stdin)
for resource in template.get("Resources", {}).values():
    properties = resource.get("Properties") or {}
    if resource.get("Type") == "AWS::Serverless::Function" and "InlineCode" not in properties:
        code = properties.get("CodeUri")
        if not isinstance(code, str) or not code.startswith("s3://"):
            properties["CodeUri"] = "s3://local-build/function.zip"

expanded = Translator(managed_policy_map=None, sam_parser=Parser()).translate(template, parameter_values=parameters)
json.dump(expanded, sys.stdout)
