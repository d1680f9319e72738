from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from sinergi.core.problems import ValidationFailed
from sinergi.web.accounts.permissions import can
from sinergi.web.regions.actions import import_boundaries
from sinergi.web.regions.models import Boundary
from sinergi.web.uploads import uploaded_path


@login_required
def boundary_upload(request):
    if not can(request.user, "admin"):
        return render(request, "forbidden.html", status=403)
    context = {"boundaries": Boundary.objects.select_related("region")}
    if request.method == "POST":
        f = request.FILES.get("berkas")
        if not f:
            messages.error(request, "Pilih berkas GeoJSON terlebih dahulu.")
        else:
            try:
                with uploaded_path(f, allowed=(".geojson", ".json")) as (path, name):
                    codes = import_boundaries(request.user, path, display_name=name)
                messages.success(request, f"Batas {len(codes)} kabupaten/kota diimpor. Peta di beranda kini memakai batas nyata.")
                return redirect("boundary-import")
            except ValidationFailed as exc:
                context["problems"] = exc.problems
    return render(request, "regions/boundary_import.html", context)
