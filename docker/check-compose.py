#!/usr/bin/env python3
"""Structural check of docker-compose.yml without a Docker engine.

1. A focused JSON Schema of the Compose Specification (v2) for the keys this file
   uses: unknown service/healthcheck/depends_on/network/build keys, wrong types and
   bad durations fail. (The full compose-spec schema is not available offline.)
2. The deployment's own rules: only nginx publishes ports, mongo-express only in the
   `dev` profile and on 127.0.0.1, healthchecks everywhere and `service_healthy`
   dependencies on them, one job worker, secrets only from .env (every variable the
   file interpolates is listed in .env.example), and the API image runs the bundle
   that scripts/bundle.mjs builds and test/cross-process.test.ts starts.

    python3 docker/check-compose.py [docker-compose.yml]      (needs pyyaml and jsonschema)
"""
import json
import re
import sys
from pathlib import Path

import jsonschema
import yaml

ROOT = Path(__file__).resolve().parent.parent
DURATION = r"^(\d+(\.\d+)?(ns|us|ms|s|m|h))+$"

SERVICE_KEYS = """annotations attach blkio_config build cap_add cap_drop cgroup cgroup_parent command configs
container_name cpu_count cpu_percent cpu_period cpu_quota cpu_rt_period cpu_rt_runtime cpu_shares cpus cpuset
credential_spec depends_on deploy develop device_cgroup_rules devices dns dns_opt dns_search domainname driver_opts
entrypoint env_file environment expose extends external_links extra_hosts gpus group_add healthcheck hostname image
init ipc isolation labels label_file links logging mac_address mem_limit mem_reservation mem_swappiness memswap_limit
models network_mode networks oom_kill_disable oom_score_adj pid pids_limit platform ports post_start pre_stop
privileged profiles provider pull_policy read_only restart runtime scale secrets security_opt shm_size stdin_open
stop_grace_period stop_signal storage_opt sysctls tmpfs tty ulimits use_api_socket user userns_mode uts volumes
volumes_from working_dir""".split()

string_or_list = {"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]}
scalar = {"type": ["string", "number", "boolean", "null"]}

SCHEMA = {
    "type": "object",
    "required": ["services"],
    "properties": {
        "name": {"type": "string"},
        "version": {"type": "string"},
        "services": {"type": "object", "additionalProperties": {"$ref": "#/$defs/service"}},
        "networks": {"type": "object", "additionalProperties": {"$ref": "#/$defs/network"}},
        "volumes": {"type": "object", "additionalProperties": {"type": ["object", "null"]}},
    },
    "patternProperties": {"^x-": {}},
    "additionalProperties": False,
    "$defs": {
        "service": {
            "type": "object",
            "properties": {
                "image": {"type": "string"},
                "build": {
                    "type": "object",
                    "properties": {
                        "context": {"type": "string"},
                        "dockerfile": {"type": "string"},
                        "args": {"type": ["object", "array"]},
                        "target": {"type": "string"},
                    },
                    "additionalProperties": False,
                },
                "command": string_or_list,
                "entrypoint": string_or_list,
                "user": {"type": "string"},
                "environment": {
                    "oneOf": [
                        {"type": "object", "additionalProperties": scalar},
                        {"type": "array", "items": {"type": "string"}},
                    ]
                },
                "ports": {
                    "type": "array",
                    "items": {"oneOf": [{"type": "string"}, {"type": "number"}, {"type": "object"}]},
                },
                "volumes": {"type": "array", "items": {"oneOf": [{"type": "string"}, {"type": "object"}]}},
                "tmpfs": string_or_list,
                "networks": {"oneOf": [{"type": "array", "items": {"type": "string"}}, {"type": "object"}]},
                "depends_on": {
                    "oneOf": [
                        {"type": "array", "items": {"type": "string"}},
                        {
                            "type": "object",
                            "additionalProperties": {
                                "type": "object",
                                "required": ["condition"],
                                "properties": {
                                    "condition": {
                                        "enum": [
                                            "service_started",
                                            "service_healthy",
                                            "service_completed_successfully",
                                        ]
                                    },
                                    "restart": {"type": "boolean"},
                                    "required": {"type": "boolean"},
                                },
                                "additionalProperties": False,
                            },
                        },
                    ]
                },
                "healthcheck": {
                    "type": "object",
                    "properties": {
                        "test": string_or_list,
                        "interval": {"type": "string", "pattern": DURATION},
                        "timeout": {"type": "string", "pattern": DURATION},
                        "start_period": {"type": "string", "pattern": DURATION},
                        "start_interval": {"type": "string", "pattern": DURATION},
                        "retries": {"type": "integer", "minimum": 0},
                        "disable": {"type": "boolean"},
                    },
                    "additionalProperties": False,
                },
                "profiles": {"type": "array", "items": {"type": "string", "pattern": "^[a-zA-Z0-9][a-zA-Z0-9_.-]+$"}},
                "restart": {"enum": ["no", "always", "on-failure", "unless-stopped"]},
                "read_only": {"type": "boolean"},
                "security_opt": {"type": "array", "items": {"type": "string"}},
                "stop_grace_period": {"type": "string", "pattern": DURATION},
                "logging": {
                    "type": "object",
                    "properties": {"driver": {"type": "string"}, "options": {"type": "object"}},
                    "additionalProperties": False,
                },
            },
            "propertyNames": {"anyOf": [{"enum": SERVICE_KEYS}, {"pattern": "^x-"}]},
        },
        "network": {
            "type": ["object", "null"],
            "properties": {
                "name": {"type": "string"},
                "driver": {"type": "string"},
                "driver_opts": {"type": "object"},
                "ipam": {"type": "object"},
                "external": {"type": "boolean"},
                "internal": {"type": "boolean"},
                "enable_ipv6": {"type": "boolean"},
                "attachable": {"type": "boolean"},
                "labels": {"type": ["object", "array"]},
            },
            "additionalProperties": False,
        },
    },
}

problems: list[str] = []


def check(condition: bool, message: str) -> None:
    if not condition:
        problems.append(message)


def env_of(service: dict) -> dict:
    env = service.get("environment") or {}
    if isinstance(env, list):
        env = dict(item.split("=", 1) if "=" in item else (item, None) for item in env)
    return env


def dockerfile_healthcheck(service: dict) -> str | None:
    build = service.get("build")
    if not build:
        return None
    text = (ROOT / build.get("context", ".") / build.get("dockerfile", "Dockerfile")).read_text()
    match = re.search(r"^HEALTHCHECK .*?CMD (\[.*\])$", re.sub(r"\\\n\s*", " ", text), re.M)
    return match.group(1) if match else None


def main() -> int:
    raw_text = Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "docker-compose.yml").read_text()
    compose = yaml.safe_load(raw_text)

    validator = jsonschema.Draft202012Validator(SCHEMA)
    for error in sorted(validator.iter_errors(compose), key=lambda e: list(e.path)):
        problems.append(f"schema: {'/'.join(map(str, error.path)) or '(root)'}: {error.message}")

    services: dict = compose.get("services", {})
    networks = set((compose.get("networks") or {}).keys())
    volumes = set((compose.get("volumes") or {}).keys())
    check(set(services) == {"mongo", "redis", "api", "worker", "web", "mongo-express"}, f"services: {sorted(services)}")

    for name, service in services.items():
        has_check = "healthcheck" in service or dockerfile_healthcheck(service) is not None
        check(has_check, f"{name}: no healthcheck")
        for dependency, rule in (service.get("depends_on") or {}).items():
            check(dependency in services, f"{name}: depends on unknown {dependency}")
            check(rule.get("condition") == "service_healthy", f"{name}: depends_on {dependency} is not service_healthy")
            check("healthcheck" in services.get(dependency, {}), f"{name}: {dependency} has no healthcheck to wait for")
        for network in service.get("networks") or []:
            check(network in networks, f"{name}: unknown network {network}")
        for volume in service.get("volumes") or []:
            source = str(volume).split(":", 1)[0]
            if not source.startswith((".", "/", "$")):
                check(source in volumes, f"{name}: unknown volume {source}")
            elif source.startswith("./"):
                check((ROOT / source).exists(), f"{name}: bind source {source} does not exist")
        for key, value in env_of(service).items():
            if re.search(r"PASSWORD|SECRET|TOKEN", key) and value not in (None, ""):
                check("${" in str(value), f"{name}: {key} has a literal value; secrets come from .env")
        build = service.get("build")
        if build:
            check((ROOT / build["context"] / build["dockerfile"]).is_file(), f"{name}: missing {build['dockerfile']}")
        ports = service.get("ports") or []
        if name == "web":
            check(sorted(str(p).rsplit(":", 1)[-1] for p in ports) == ["443", "80"], f"web ports: {ports}")
        elif name == "mongo-express":
            check(all(str(p).startswith("127.0.0.1:") for p in ports), f"mongo-express must bind 127.0.0.1: {ports}")
        else:
            check(not ports, f"{name}: publishes ports {ports}")
        check("container_name" not in service, f"{name}: container_name prevents scaling")

    mongo, redis, api, worker = (services.get(key, {}) for key in ("mongo", "redis", "api", "worker"))
    check(mongo.get("image") == "mongo:8.0", "mongo: image is not mongo:8.0")
    command = mongo.get("command") or []
    check(command[:2] == ["--replSet", "rs0"] and "--bind_ip_all" in command, f"mongo command: {command}")
    check(any(str(v).endswith(":/data/db") for v in mongo.get("volumes", [])), "mongo: no data volume")
    check("rs.initiate" in (ROOT / "docker/mongo/init-replica-set.js").read_text(), "mongo: no replica-set init")
    check(str(redis.get("image", "")).startswith("redis:7"), "redis: not redis:7")
    check("requirepass" in json.dumps(redis.get("command")), "redis: no password")
    check((networks and (compose["networks"].get("backend") or {}).get("internal") is True), "backend network is not internal")
    for service_name in ("mongo", "redis"):
        check(services[service_name].get("networks") == ["backend"], f"{service_name}: must be on the internal network only")
    check(services.get("mongo-express", {}).get("profiles") == ["dev"], "mongo-express: not in the dev profile only")
    for key in ("profiles",):
        for service_name in ("mongo", "redis", "api", "worker", "web"):
            check(key not in services[service_name], f"{service_name}: has profiles")
    api_env, worker_env = env_of(api), env_of(worker)
    check(api_env.get("JOBS_ENABLED") == "false", "api: JOBS_ENABLED must be 'false'")
    check(worker_env.get("JOBS_ENABLED") == "true", "worker: JOBS_ENABLED must be 'true'")
    check(api.get("build") == worker.get("build") and api.get("image") == worker.get("image"), "api and worker differ in image")
    check({k: v for k, v in api_env.items() if k != "JOBS_ENABLED"} == {k: v for k, v in worker_env.items() if k != "JOBS_ENABLED"}, "api and worker settings differ")
    check(api_env.get("MONGODB_URI") == "mongodb://mongo:27017/?replicaSet=rs0", "api: MONGODB_URI")
    check(str(api_env.get("TRUST_PROXY")) == "1", "api: TRUST_PROXY must be 1 behind nginx")
    for key in ("REDIS_URL", "WEB_ORIGIN", "MAS_ADMIN_PASSWORD"):
        check("${" in str(api_env.get(key, "")), f"api: {key} must come from .env")

    # Every interpolated variable is documented in .env.example.
    documented = set(re.findall(r"^([A-Z0-9_]+)=", (ROOT / ".env.example").read_text(), re.M))
    used = set(re.findall(r"(?<!\$)\$\{([A-Z0-9_]+)", raw_text))
    check(not (used - documented), f".env.example lacks {sorted(used - documented)}")

    # The API image runs the bundle the tests start.
    api_dockerfile = (ROOT / "docker/api.Dockerfile").read_text()
    check('CMD ["node", "dist/main.js"]' in api_dockerfile, "api.Dockerfile: CMD is not node dist/main.js")
    check("WORKDIR /app/packages/api" in api_dockerfile, "api.Dockerfile: WORKDIR is not /app/packages/api")
    check("npm run build -w @mas/api" in api_dockerfile, "api.Dockerfile: does not run the @mas/api build")
    check(re.search(r"^USER node$", api_dockerfile, re.M) is not None, "api.Dockerfile: not a non-root USER")
    check("/readyz" in (dockerfile_healthcheck(api) or ""), "api.Dockerfile: HEALTHCHECK is not /readyz")
    build_script = json.loads((ROOT / "packages/api/package.json").read_text())["scripts"]["build"]
    check(build_script == "node scripts/bundle.mjs", f"@mas/api build script is {build_script!r}")
    test = (ROOT / "packages/api/test/cross-process.test.ts").read_text()
    check("'scripts/bundle.mjs'" in test and "'dist/main.js'" in test, "cross-process test does not start dist/main.js")
    for name in ("api", "worker", "web"):
        in_image = dockerfile_healthcheck(services[name])
        in_compose = services[name].get("healthcheck", {}).get("test")
        if in_image and in_compose:
            check(["CMD", *json.loads(in_image)] == in_compose, f"{name}: compose and image healthchecks differ")

    if problems:
        print("✘ docker-compose.yml:\n  " + "\n  ".join(problems))
        return 1
    print(f"✔ docker-compose.yml: schema and deployment rules hold ({len(services)} services, {len(used)} variables from .env)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
