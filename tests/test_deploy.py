"""The deployment files, checked offline (no container daemon or cluster runs here): the
Kubernetes manifests against the Kubernetes JSON schemas (`kubernetes-validate`, strict), the
compose file against the compose-spec schema (vendored by `check-jsonschema`), the Dockerfile
by a parser, and the Grafana dashboard against the metrics this code exports."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import check_jsonschema
import jsonschema
import kubernetes_validate
import pytest
import yaml
from dockerfile_parse import DockerfileParser

from core.metrics import REGISTRY, ops_metrics, outcome_metrics
from core.policies import ShopPolicy

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
K8S_VERSIONS = ("1.31.0", kubernetes_validate.latest_version())
COMPOSE_SCHEMA = (
    Path(check_jsonschema.__file__).parent / "builtin_schemas" / "vendor" / "compose-spec.json"
)


def manifests() -> list[tuple[str, dict[str, Any]]]:
    found = []
    for path in sorted((DEPLOY / "k8s").glob("*.yaml")):
        for doc in yaml.safe_load_all(path.read_text()):
            if doc:
                found.append((f"{path.name}:{doc['kind']}/{doc['metadata']['name']}", doc))
    return found


def by_kind(kind: str) -> dict[str, dict[str, Any]]:
    return {doc["metadata"]["name"]: doc for _, doc in manifests() if doc["kind"] == kind}


@pytest.mark.parametrize("version", K8S_VERSIONS)
def test_every_kubernetes_manifest_validates_against_the_schemas(version: str) -> None:
    docs = manifests()
    assert len(docs) >= 10
    for name, doc in docs:
        try:
            kubernetes_validate.validate(doc, version, strict=True)
        except kubernetes_validate.ValidationError as exc:
            pytest.fail(f"{name} (Kubernetes {version}): {exc.message}")


def test_a_misspelt_field_is_caught_by_the_schemas() -> None:
    deployment = json.loads(json.dumps(by_kind("Deployment")["ordersupport-web"]))
    deployment["spec"]["template"]["spec"]["containers"][0]["livenesProbe"] = {}
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(deployment, K8S_VERSIONS[0], strict=True)


def test_the_kustomization_applies_every_manifest_but_the_example_secret() -> None:
    kustomization = yaml.safe_load((DEPLOY / "kustomization.yaml").read_text())
    listed = {Path(p).name for p in kustomization["resources"]}
    files = {p.name for p in (DEPLOY / "k8s").glob("*.yaml")}
    assert listed == files - {"secret.example.yaml"}
    (generator,) = kustomization["configMapGenerator"]
    source = generator["files"][0].split("=", 1)[1]
    ShopPolicy.model_validate_json((DEPLOY / source).read_text())


def _container(deployment: str) -> dict[str, Any]:
    (container,) = by_kind("Deployment")[deployment]["spec"]["template"]["spec"]["containers"]
    return container


def test_the_web_pods_are_probed_on_livez_and_readyz() -> None:
    web = _container("ordersupport-web")
    assert web["livenessProbe"]["httpGet"]["path"] == "/livez"
    assert web["readinessProbe"]["httpGet"]["path"] == "/readyz"
    assert web["command"] == ["ordersupport", "serve"]


def test_the_worker_pods_are_probed_on_the_port_the_worker_serves() -> None:
    worker = _container("ordersupport-worker")
    config = by_kind("ConfigMap")["ordersupport-config"]["data"]
    (port,) = worker["ports"]
    assert str(port["containerPort"]) == config["ORDERSUPPORT_WORKER_HEALTH_PORT"]
    assert worker["livenessProbe"]["httpGet"] == {"path": "/livez", "port": port["name"]}
    assert worker["readinessProbe"]["httpGet"]["path"] == "/readyz"


def test_every_pod_runs_as_the_images_non_root_user() -> None:
    pods = [d["spec"]["template"]["spec"] for d in by_kind("Deployment").values()]
    pods.append(by_kind("Job")["ordersupport-migrate"]["spec"]["template"]["spec"])
    for pod in pods:
        assert pod["securityContext"]["runAsNonRoot"] is True
        assert pod["securityContext"]["runAsUser"] == 10001


def test_web_scales_on_cpu_and_workers_on_the_queue_lag_metric() -> None:
    ops_metrics()
    hpas = by_kind("HorizontalPodAutoscaler")
    (web,) = hpas["ordersupport-web"]["spec"]["metrics"]
    assert web["resource"]["name"] == "cpu"
    (worker,) = hpas["ordersupport-worker"]["spec"]["metrics"]
    assert worker["type"] == "External"
    assert worker["external"]["metric"]["name"] in exported_names()
    assert set(by_kind("PodDisruptionBudget")) == {"ordersupport-web", "ordersupport-worker"}


def test_the_migration_job_upgrades_the_schema() -> None:
    (job,) = by_kind("Job")["ordersupport-migrate"]["spec"]["template"]["spec"]["containers"]
    assert job["command"] == ["ordersupport", "db", "upgrade"]


def compose() -> dict[str, Any]:
    doc: dict[str, Any] = yaml.safe_load((ROOT / "compose.yaml").read_text())
    return doc


def test_the_compose_file_validates_against_the_compose_spec() -> None:
    schema = json.loads(COMPOSE_SCHEMA.read_text())
    validator = jsonschema.validators.validator_for(schema)(schema)
    errors = [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(compose())]
    assert errors == []
    typo = compose()
    typo["services"]["web"]["depend_on"] = typo["services"]["web"].pop("depends_on")
    assert list(validator.iter_errors(typo)), "the compose-spec schema must catch a typo"


def test_compose_starts_web_and_worker_after_the_migration_completed() -> None:
    services = compose()["services"]
    assert {"web", "worker", "redis", "postgres", "migrate"} <= set(services)
    assert services["migrate"]["command"] == ["ordersupport", "db", "upgrade"]
    assert services["migrate"]["depends_on"]["postgres"]["condition"] == "service_healthy"
    for name in ("web", "worker"):
        depends = services[name]["depends_on"]
        assert depends["migrate"]["condition"] == "service_completed_successfully"
        assert depends["redis"]["condition"] == "service_healthy"
    worker_probe = " ".join(services["worker"]["healthcheck"]["test"])
    port = services["worker"]["environment"]["ORDERSUPPORT_WORKER_HEALTH_PORT"]
    assert f":{port}/livez" in worker_probe


def test_the_dockerfile_is_multi_stage_non_root_with_a_livez_health_check() -> None:
    parser = DockerfileParser(path=str(ROOT / "Dockerfile"))
    instructions = [(i["instruction"], i["value"]) for i in parser.structure]
    stages = [value for kind, value in instructions if kind == "FROM"]
    assert len(stages) >= 2 and stages[0].endswith(" AS build")
    final = instructions[max(i for i, (k, _) in enumerate(instructions) if k == "FROM") :]
    users = [value for kind, value in final if kind == "USER"]
    assert users and not users[-1].startswith(("root", "0"))
    assert any(k == "COPY" and v.startswith("--from=build") for k, v in final)
    (health,) = [value for kind, value in final if kind == "HEALTHCHECK"]
    assert "/livez" in health
    assert "ordersupport" in (parser.cmd or "")


def exported_names() -> set[str]:
    """Every series name this code can export (counters with `_total`, histograms' parts)."""
    ops_metrics()
    outcome_metrics()
    names: set[str] = set()
    for family in REGISTRY.collect():
        if family.type == "counter":
            names |= {f"{family.name}_total", f"{family.name}_created"}
        elif family.type == "histogram":
            names |= {f"{family.name}_{part}" for part in ("bucket", "count", "sum", "created")}
        else:
            names.add(family.name)
    return names


def test_the_grafana_dashboard_uses_only_metrics_that_exist() -> None:
    dashboard = json.loads((ROOT / "docs" / "grafana-ordersupport.json").read_text())
    exprs = [t["expr"] for panel in dashboard["panels"] for t in panel["targets"]]
    used = {name for expr in exprs for name in re.findall(r"\bordersupport_[a-z_]+", expr)}
    assert len(dashboard["panels"]) >= 20
    assert used and used <= exported_names(), sorted(used - exported_names())
    for wanted in ("queue_lag_seconds", "breaker_state", "webhooks_rejected_total"):
        assert f"ordersupport_{wanted}" in used
