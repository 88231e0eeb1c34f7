"""Running the notebook series, apart from the library: ``runner`` executes the notebooks
(``make run``), ``book`` builds the offline HTML book (``make book``), ``lab`` starts
JupyterLab with the project's fonts (``make lab``). Analysis code never imports these."""
