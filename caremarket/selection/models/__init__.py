from caremarket.selection.models.mcp import *  # noqa: F403
from caremarket.selection.models.process import *  # noqa: F403
from caremarket.selection.models.psr import *  # noqa: F403
from caremarket.selection.models.urgent import *  # noqa: F403
