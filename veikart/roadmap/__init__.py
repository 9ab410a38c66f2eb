"""Reading and checking roadmap YAML: the first stage of the pipeline.

Everything in this package needs only the standard library and PyYAML, so
`veikart validate` starts fast enough for a pre-commit hook. Nothing here imports
pandas, plotly or Dash.

    load_roadmap(path) -> LoadResult(roadmap: Roadmap | None, problems: Problems)
"""

from veikart.roadmap.load import LoadResult, RoadmapPathError, find_files, load_roadmap, load_text
from veikart.roadmap.model import Roadmap
from veikart.roadmap.problems import Location, Problem, Problems, Severity

__all__ = [
    "LoadResult",
    "Location",
    "Problem",
    "Problems",
    "Roadmap",
    "RoadmapPathError",
    "Severity",
    "find_files",
    "load_roadmap",
    "load_text",
]
