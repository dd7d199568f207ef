"""What validation found: issues per document, skipped rules, and their text and JSON forms."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ..common.text import printable

ERROR, WARNING = "error", "warning"


@dataclass(frozen=True)
class Issue:
    """One problem in a document; `line` and `column` are 1-based, None when unknown."""

    line: int | None
    column: int | None
    message: str
    rule: str
    schema: str
    severity: str = ERROR

    def to_json(self) -> dict:
        """The contract's shape: line, column, message, rule, schema."""
        return {"line": self.line, "column": self.column, "message": self.message,
                "rule": self.rule, "schema": self.schema}

    @classmethod
    def from_json(cls, data: dict, severity: str) -> Issue:
        """The issue `to_json` gave (from a report line, or from a worker)."""
        return cls(data["line"], data["column"], data["message"], data["rule"], data["schema"],
                   severity)

    def as_error(self) -> Issue:
        """The same issue counted as an error (what `--strict` does to warnings)."""
        return Issue(self.line, self.column, self.message, self.rule, self.schema, ERROR)


@dataclass(frozen=True)
class SkippedRule:
    """A Schematron rule that could not run (it needs XPath 2.0 or XSLT); never a pass."""

    schema: str
    rule: str
    line: int | None
    reason: str

    def to_json(self) -> dict:
        return {"schema": self.schema, "rule": self.rule, "line": self.line, "reason": self.reason}


@dataclass
class DocumentReport:
    """The verdict on one document; it is valid when it has no errors (warnings allowed)."""

    path: str
    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return not self.errors

    def add(self, issue: Issue) -> None:
        (self.errors if issue.severity == ERROR else self.warnings).append(issue)

    def sort(self) -> None:
        """Orders issues by position so output is the same whatever produced them first."""
        key = _position_key
        self.errors.sort(key=key)
        self.warnings.sort(key=key)

    def to_json(self) -> dict:
        return {"path": self.path, "valid": self.valid,
                "errors": [i.to_json() for i in self.errors],
                "warnings": [i.to_json() for i in self.warnings]}

    @classmethod
    def from_json(cls, data: dict) -> DocumentReport:
        """The report `to_json` gave; raises KeyError or TypeError for another shape."""
        return cls(data["path"], [Issue.from_json(i, ERROR) for i in data["errors"]],
                   [Issue.from_json(i, WARNING) for i in data["warnings"]])

    def text_lines(self) -> list[str]:
        """`file:line:col: error|warning: message [rule]`, errors and warnings by position."""
        issues = sorted(self.errors + self.warnings, key=_position_key)
        return [_text_line(self.path, i) for i in issues]


@dataclass
class Report:
    """The outcome of one validation run, documents in the order they were given or found."""

    documents: list[DocumentReport] = field(default_factory=list)
    skipped: list[SkippedRule] = field(default_factory=list)
    # What the run itself has to say (e.g. a report line it could not read), for stderr.
    notes: list[str] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return all(d.valid for d in self.documents)

    def summary(self) -> dict:
        valid = sum(1 for d in self.documents if d.valid)
        return {"documents": len(self.documents), "valid": valid,
                "invalid": len(self.documents) - valid,
                "errors": sum(len(d.errors) for d in self.documents),
                "warnings": sum(len(d.warnings) for d in self.documents),
                "skipped_rules": len(self.skipped)}

    def most_frequent(self, top: int = 10) -> dict:
        """The findings grouped: the commonest rules and messages (errors and warnings) with
        their counts, and the files with most errors. Ties go by name, files by their order."""
        rules: Counter = Counter()
        messages: Counter = Counter()
        for d in self.documents:
            for issue in d.errors + d.warnings:
                rules[issue.rule] += 1
                messages[(issue.message, issue.rule)] += 1
        files = sorted((d for d in self.documents if d.errors), key=lambda d: -len(d.errors))
        return {"rules": [{"rule": r, "count": n} for r, n in _commonest(rules, top)],
                "messages": [{"message": m, "rule": r, "count": n}
                             for (m, r), n in _commonest(messages, top)],
                "files": [{"path": d.path, "errors": len(d.errors)} for d in files[:top]]}

    def to_json(self) -> dict:
        return {"documents": [d.to_json() for d in self.documents],
                "summary": self.summary(),
                "most_frequent": self.most_frequent(),
                "skipped": [s.to_json() for s in self.skipped]}

    def json_text(self) -> str:
        import json

        return json.dumps(self.to_json(), ensure_ascii=False, indent=2)

    def text(self) -> str:
        """Every issue on its own line, then one line per skipped rule; empty when all is well."""
        lines = [line for d in self.documents for line in d.text_lines()]
        lines += [printable(f"{s.schema}:{s.line or 0}: skipped: {s.reason} [{s.rule}]") for s in self.skipped]
        return "\n".join(lines)

    def summary_line(self) -> str:
        s = self.summary()
        line = (f"{_count(s['documents'], 'document')}: {s['valid']} valid, "
                f"{s['invalid']} invalid; {_count(s['errors'], 'error')}, "
                f"{_count(s['warnings'], 'warning')}")
        if s["skipped_rules"]:
            line += f"; {s['skipped_rules']} Schematron rules skipped"
        return line

    def most_frequent_text(self, top: int = 5, width: int = 160) -> str:
        """most_frequent() as a few lines for people; empty for a run of one document or
        without findings, where the findings themselves say it all."""
        groups = self.most_frequent(top)
        if len(self.documents) < 2 or not groups["rules"]:
            return ""
        lines = ["most frequent rules:"]
        lines += [f"{g['count']:>9,}  {g['rule']}" for g in groups["rules"]]
        lines.append("most frequent messages:")
        lines += [printable(f"{g['count']:>9,}  {_cut(g['message'], width)} [{g['rule']}]")
                  for g in groups["messages"]]
        if groups["files"]:
            lines.append("files with most errors:")
            # A file's name may hold a line break or a terminal's control codes: shown as
            # symbols, as in the findings, never as a line of its own.
            lines += [printable(f"{g['errors']:>9,}  {g['path']}") for g in groups["files"]]
        return "\n".join(lines)


def _commonest(counts: Counter, top: int) -> list:
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:top]


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[:width - 3] + "..."


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _position_key(issue: Issue) -> tuple:
    return (issue.line or 0, issue.column or 0, issue.rule, issue.message)


def _text_line(path: str, issue: Issue) -> str:
    where = path
    if issue.line is not None:
        where += f":{issue.line}"
        if issue.column is not None:
            where += f":{issue.column}"
    # One line whatever the names and messages hold: a newline or an escape sequence in a file
    # name is shown, never obeyed, so no line of the report can be forged.
    return printable(f"{where}: {issue.severity}: {issue.message} [{issue.rule}]")
