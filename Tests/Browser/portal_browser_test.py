"""Drives the developer portal in real headless Chromium (Debian's chromium and chromedriver,
through Selenium) against `moonbase demo`: signs in, navigates every page, filters and sorts the
catalog, watches a release arrive live on the home page, releases and rolls back from a
service's page, and saves a screenshot of every page.

usage: python3 portal_browser_test.py MOONBASE_BINARY SCREENSHOT_FOLDER
Exits 0 when every check passed; prints the first failure and exits 1 otherwise.
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException, WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import Select, WebDriverWait


def start_demo(moonbase, home):
    """Starts the demo; returns the process, the base URL and the admin token once it is ready."""
    process = subprocess.Popen(
        [moonbase, "demo", "--listen", "127.0.0.1:0", "--home", home],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    base = token = None
    deadline = time.time() + 120
    while time.time() < deadline:
        line = process.stdout.readline()
        if not line:
            raise SystemExit("moonbase demo exited early: " + process.stderr.read())
        if line.startswith("Moonbase listening on "):
            base = line.split(" on ", 1)[1].strip()
        elif line.startswith("Admin token: "):
            token = line.split(": ", 1)[1].strip()
        elif line.startswith("Demo ready: "):
            return process, base, token
    raise SystemExit("moonbase demo was not ready within two minutes")


def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1000"]:
        options.add_argument(argument)
    service = Service(executable_path=shutil.which("chromedriver") or "/usr/bin/chromedriver")
    return webdriver.Chrome(service=service, options=options)


class PatientWait:
    """WebDriverWait that retries a condition looking at a page being replaced: chromedriver
    reports such nodes as stale, missing, or (while the new page loads) as not belonging to
    the document."""

    def __init__(self, driver):
        self.inner = WebDriverWait(driver, 15, ignored_exceptions=[NoSuchElementException, StaleElementReferenceException])

    def until(self, condition):
        def tolerant(driver):
            try:
                return condition(driver)
            except (NoSuchElementException, StaleElementReferenceException):
                raise
            except WebDriverException as error:
                if "does not belong to the document" in str(error):
                    return False
                raise
        return self.inner.until(tolerant)


class Check:
    def __init__(self, driver, base, shots):
        self.driver, self.base, self.shots = driver, base, shots
        self.wait = PatientWait(driver)

    def click(self, element):
        """Clicks something that loads a new page, and waits until the old one is gone."""
        old_page = self.driver.find_element(By.TAG_NAME, "html")
        element.click()
        self.wait.until(expected_conditions.staleness_of(old_page))

    def open(self, path):
        self.driver.get(self.base + path)

    def text(self):
        return self.driver.find_element(By.TAG_NAME, "body").text

    def expect(self, condition, what):
        if not condition:
            self.shot("failure")
            raise AssertionError(what + "\n--- page " + self.driver.current_url + " ---\n" + self.text()[:3000])

    def heading(self):
        return self.driver.find_element(By.TAG_NAME, "h1").text

    def shot(self, name):
        # The whole page, not only the window.
        height = self.driver.execute_script("return document.documentElement.scrollHeight")
        width = self.driver.get_window_size()["width"]
        self.driver.set_window_size(width, max(800, min(height + 100, 6000)))
        self.driver.save_screenshot(os.path.join(self.shots, name + ".png"))
        self.driver.set_window_size(width, 1000)


def api_release(base, token, body):
    request = urllib.request.Request(
        base + "/release", data=json.dumps(body).encode(), method="POST",
        headers={"Authorization": "Bearer " + token, "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)


def api_get(base, token, path):
    request = urllib.request.Request(base + path, headers={"Authorization": "Bearer " + token})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)


def run(moonbase, shots):
    os.makedirs(shots, exist_ok=True)
    home = tempfile.mkdtemp(prefix="moonbase-portal-browser-")
    process, base, token = start_demo(moonbase, home)
    driver = browser()
    check = Check(driver, base, shots)
    try:
        # Signed out, every page leads to the sign-in form.
        check.open("/catalog")
        check.expect("/sign-in" in driver.current_url, "a signed-out visit goes to sign-in")
        check.shot("sign-in")
        driver.find_element(By.ID, "token").send_keys("mbt_not-a-token")
        check.click(driver.find_element(By.CSS_SELECTOR, "form.sign-in button"))
        check.expect("That token was not accepted" in check.text(), "a wrong token is refused with a message")
        driver.find_element(By.ID, "token").send_keys(token)
        check.click(driver.find_element(By.CSS_SELECTOR, "form.sign-in button"))
        check.wait.until(lambda d: d.find_element(By.TAG_NAME, "h1").text == "Catalog")
        check.expect("/catalog" in driver.current_url, "signing in returns to the page asked for")

        # Home: the newest releases, and a new one arrives live without a reload.
        check.click(driver.find_element(By.CSS_SELECTOR, "a.brand"))
        check.wait.until(lambda d: "Recent releases" in d.find_element(By.TAG_NAME, "body").text)
        driver.execute_script("window.__notReloaded = true")
        rows_before = len(driver.find_elements(By.CSS_SELECTOR, "tbody[data-live] tr"))
        check.expect(rows_before > 0, "the home page lists recent releases")
        check.shot("home")
        # Keyboard users reach the skip link first.
        driver.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)
        check.expect(driver.switch_to.active_element.text == "Skip to content", "Tab reaches the skip link first")
        # The oldest artifact of invoices: not what runs in dev, so the release changes something.
        oldest = api_get(base, token, "/describe/artifact/invoices")["artifacts"][-1]["id"]
        api_release(base, token, {"service": "invoices", "environment": "dev", "artifactId": oldest,
                                  "intent": {"type": "ReleaseArtifact"}})
        check.wait.until(lambda d: d.execute_script("return window.__notReloaded === true") and any(
            "invoices" in row.text for row in d.find_elements(By.CSS_SELECTOR, "tbody[data-live] tr")[:3]))

        # Catalog: filter by squad, by text, and sort.
        check.click(driver.find_element(By.LINK_TEXT, "Catalog"))
        check.wait.until(lambda d: d.find_element(By.TAG_NAME, "h1").text == "Catalog")
        services = [a.text for a in driver.find_elements(By.CSS_SELECTOR, "table.catalog tbody td:first-child a")]
        check.expect(len(services) >= 5, "the catalog lists the demo's services: %s" % services)
        check.shot("catalog")
        old_page = driver.find_element(By.TAG_NAME, "html")
        Select(driver.find_element(By.ID, "catalog-squad")).select_by_visible_text("money")  # submits by itself
        check.wait.until(expected_conditions.staleness_of(old_page))
        check.expect("squad=money" in driver.current_url, "choosing a squad applies the filter")
        squads = {td.text for td in driver.find_elements(By.CSS_SELECTOR, "table.catalog tbody td:nth-child(2)")}
        check.expect(squads == {"money"}, "filtering by squad leaves only its services: %s" % squads)
        check.shot("catalog-filtered")
        field = driver.find_element(By.ID, "catalog-q")
        field.clear()
        field.send_keys("ledg")
        check.click(driver.find_element(By.CSS_SELECTOR, "form.filters button"))
        check.wait.until(lambda d: "q=ledg" in d.current_url)
        names = [a.text for a in driver.find_elements(By.CSS_SELECTOR, "table.catalog tbody td:first-child a")]
        check.expect(names == ["ledger"], "the text filter finds ledger only: %s" % names)
        check.open("/catalog")
        check.click(driver.find_element(By.LINK_TEXT, "Service"))
        names = [a.text for a in driver.find_elements(By.CSS_SELECTOR, "table.catalog tbody td:first-child a")]
        check.expect(names == sorted(names, reverse=True), "sorting by service twice gives descending order: %s" % names)

        # Service: status per environment, then release and roll back from the page.
        check.open("/services/payments")
        check.expect(check.heading() == "payments", "the service page has the service's name")
        check.expect("Release history" in check.text() and "Card captures" in check.text(),
                     "the service page shows the history with the rollback's reason")
        check.shot("service")
        artifact = Select(driver.find_element(By.ID, "release-artifact"))
        chosen = artifact.options[0].get_attribute("value")
        artifact.select_by_value(chosen)
        Select(driver.find_element(By.ID, "release-environment")).select_by_visible_text("staging")
        check.click(driver.find_element(By.CSS_SELECTOR, "form[action$='/release'] button"))
        check.wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, ".notice"))
        notice = driver.find_element(By.CSS_SELECTOR, ".notice").text
        check.expect(("released to staging" in notice or "already runs in staging" in notice) and "error" not in
                     driver.find_element(By.CSS_SELECTOR, ".notice").get_attribute("class"), "the release notice: " + notice)
        Select(driver.find_element(By.ID, "rollback-environment")).select_by_visible_text("staging")
        driver.find_element(By.ID, "rollback-reason").send_keys("Browser test: error rate up")
        old_page = driver.find_element(By.TAG_NAME, "html")
        driver.find_element(By.CSS_SELECTOR, "form[action$='/rollback'] button").click()
        check.wait.until(lambda d: d.switch_to.alert)
        driver.switch_to.alert.accept()
        check.wait.until(expected_conditions.staleness_of(old_page))
        check.wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, ".notice"))
        notice = driver.find_element(By.CSS_SELECTOR, ".notice").text
        check.expect(notice.startswith("Rollback of ") and "released to staging" in notice, "the rollback notice: " + notice)
        check.expect("Browser test: error rate up" in check.text(), "the rollback's reason is in the history")
        check.shot("service-after-rollback")

        # Every other page, each with its screenshot.
        for path, name, heading in [
            ("/environments/prod", "environment", "Environment prod"),
            ("/squads/money", "squad", "Squad money"),
            ("/plans", "plans", "Plans"),
            ("/delivery?days=30", "delivery", "Delivery: the organisation"),
            ("/audit", "audit", "Audit log"),
            ("/search?q=pay", "search", "Search: pay"),
        ]:
            check.open(path)
            check.expect(check.heading() == heading, "%s has the heading %r, not %r" % (path, heading, check.heading()))
            check.shot(name)
        check.open("/delivery?days=30")
        check.expect(driver.find_elements(By.CSS_SELECTOR, "svg.chart"), "the delivery page draws charts")
        check.expect(re.search(r"Deployment frequency\s+[0-9.]+ per day", check.text()), "the delivery page gives a frequency")

        # Small screens: the catalog still fits.
        driver.set_window_size(390, 900)
        check.open("/catalog")
        overflow = driver.execute_script("return document.body.scrollWidth <= window.innerWidth + 1")
        check.expect(overflow, "the catalog page does not scroll sideways on a phone")
        driver.save_screenshot(os.path.join(shots, "catalog-phone.png"))
        driver.set_window_size(1280, 1000)

        # Signing out ends the session.
        check.open("/")
        check.click(driver.find_element(By.CSS_SELECTOR, ".account button"))
        check.open("/catalog")
        check.expect("/sign-in" in driver.current_url, "after signing out, pages ask to sign in again")
    finally:
        driver.quit()
        process.terminate()
        process.wait(timeout=30)
        shutil.rmtree(home, ignore_errors=True)
    print("portal browser test passed; screenshots in " + shots)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    try:
        run(sys.argv[1], sys.argv[2])
    except Exception as failure:  # an assertion, or Selenium not finding what a step needs
        import traceback
        traceback.print_exc(limit=3)
        print("FAILED: %s: %s" % (type(failure).__name__, failure))
        sys.exit(1)
