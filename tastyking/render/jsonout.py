"""JSON for programs: stdout only, never through Rich, Decimals as exact JSON numbers."""

from __future__ import annotations

import json
import math
import re
import sys
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from pydantic import BaseModel

_MARK = "\x00dec:"
_RAW = re.compile(r'"\\u0000dec:([-0-9.eE+]+)"')


def _plain(obj: Any) -> Any:
    if isinstance(obj, BaseModel):
        return _plain(obj.model_dump(mode="python"))
    if isinstance(obj, dict):
        return {str(k): _plain(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [_plain(v) for v in obj]
    if isinstance(obj, Decimal):
        if not obj.is_finite():
            return None
        # Carried as a marked string, then written as a bare number: exact, no float drift.
        return _MARK + format(obj.normalize() if obj == obj.to_integral() else obj, "f")
    if isinstance(obj, float):
        return obj if math.isfinite(obj) else None
    if isinstance(obj, datetime | date):
        return obj.isoformat()
    return obj


def dumps(obj: Any) -> str:
    text = json.dumps(_plain(obj), indent=2, ensure_ascii=False)
    return _RAW.sub(r"\1", text)


def emit(obj: Any) -> None:
    sys.stdout.write(dumps(obj) + "\n")
    sys.stdout.flush()
