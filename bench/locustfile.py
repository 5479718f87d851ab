"""Mixed English/French browsing for `bench/pages.py` (locust).

Each simulated visitor reads in one language, mostly news and events (what a newsletter
send brings), with some projects, search and the subscription form page. The URLs come
from the benchmark in BENCH_URLS (JSON: {"en": {name: path}, "fr": {...}}).
"""

import json
import os
import random

from locust import HttpUser, between, task

URLS = json.loads(os.environ.get("BENCH_URLS", "{}"))


class Visitor(HttpUser):
    wait_time = between(0.5, 2)

    def on_start(self) -> None:
        self.pages = URLS[random.choice(["en", "fr"])]

    def visit(self, name: str) -> None:
        self.client.get(self.pages[name], name=f"{name}")

    @task(4)
    def home(self) -> None:
        self.visit("home")

    @task(4)
    def article(self) -> None:
        self.visit("article")

    @task(3)
    def issue(self) -> None:
        self.visit("issue")

    @task(2)
    def event(self) -> None:
        self.visit("event")

    @task(1)
    def lists(self) -> None:
        self.visit(random.choice(["issue list", "event list", "project list", "get involved"]))

    @task(1)
    def project(self) -> None:
        self.visit(random.choice(["project", "country"]))

    @task(1)
    def search(self) -> None:
        self.visit("search")
