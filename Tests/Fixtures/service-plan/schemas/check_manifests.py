"""Validates Kubernetes manifests against the JSON schema of their kind, strictly (unknown fields
are errors). Core kinds use the schemas kubernetes-validate ships; the custom kinds the service
plan renders use the schemas beside this script, named <kind>-<group>-<version>.json.

usage: python3 check_manifests.py KUBERNETES_VERSION FILE...   (a minor version: 1.31)
Prints one line per problem, naming the file and the field, and exits 1 when there is any.
"""
import json
import os
import re
import sys

import jsonschema
import kubernetes_validate.utils as kubernetes
import yaml
from referencing import Registry, Resource

HERE = os.path.dirname(os.path.abspath(__file__))


def validator(document, version):
    """The strict validator of the document's kind, or None when no schema is known for it."""
    kind = str(document.get("kind", "")).lower()
    api_version = str(document.get("apiVersion", ""))
    custom = os.path.join(HERE, "%s-%s.json" % (kind, api_version.replace("/", "-")))
    if os.path.exists(custom):
        with open(custom) as file:
            return jsonschema.validators.Draft202012Validator(json.load(file))
    # kubernetes-validate's layout: <version>-local-strict/<kind>-<group without domain>-<version>.json
    folder = "kubernetes-json-schema/v%s.0-local-strict" % version
    group_version = re.sub(r"^([^./]*)(?:\.[^/]*)?/", r"\1-", api_version)
    try:
        schema = kubernetes.schema_contents("%s/%s-%s.json" % (folder, kind, group_version), version)
    except FileNotFoundError:
        return None
    definitions = kubernetes.schema_contents(folder + "/_definitions.json", version)
    registry = Resource.from_contents(definitions) @ (Resource.from_contents(schema) @ Registry())
    return jsonschema.validators.Draft202012Validator(schema, registry=registry)


def problems(path, version):
    with open(path) as file:
        documents = [d for d in yaml.safe_load_all(file) if d is not None]
    if not documents:
        yield "%s: no Kubernetes object in the file" % path
    for document in documents:
        if not isinstance(document, dict):
            yield "%s: not a YAML mapping" % path
            continue
        check = validator(document, version)
        if check is None:
            yield "%s: no schema for kind %s of %s in Kubernetes %s" % (
                path, document.get("kind"), document.get("apiVersion"), version)
            continue
        for error in sorted(check.iter_errors(document), key=lambda e: list(map(str, e.absolute_path))):
            field = ".".join(str(part) for part in error.absolute_path) or "(top level)"
            yield "%s: %s: %s" % (path, field, error.message)


def main(arguments):
    if len(arguments) < 2:
        sys.exit("usage: check_manifests.py KUBERNETES_VERSION FILE...")
    version, files = arguments[0], arguments[1:]
    found = [line for path in files for line in problems(path, version)]
    for line in found:
        print(line)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
