"""kitgen: customised workshop kits on social capital for Danish workplaces.

The data path is one way: order -> plan -> builders -> files.
"""

__version__ = "0.1.0"
