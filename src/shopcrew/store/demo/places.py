"""US places for addresses and carrier scans: cities with real ZIP codes and area codes."""

from __future__ import annotations

from dataclasses import dataclass

from shopcrew.store.demo.plans import table_rows

WAREHOUSE = "Reno, NV"  # where every demo order ships from


@dataclass(frozen=True)
class City:
    """A city with a few of its ZIP codes and its main telephone area code."""

    name: str
    state: str
    zips: tuple[str, ...]
    area_code: str

    @property
    def label(self) -> str:
        """ "Portland, OR"."""
        return f"{self.name}, {self.state}"


# city | state | ZIP codes | area code
_CITIES = """
Portland | OR | 97205;97209;97214;97217 | 503
Seattle | WA | 98101;98103;98115;98122 | 206
Spokane | WA | 99201;99203 | 509
San Francisco | CA | 94110;94117;94122 | 415
Oakland | CA | 94606;94610;94611 | 510
Los Angeles | CA | 90026;90034;90042 | 323
San Diego | CA | 92104;92107;92116 | 619
Sacramento | CA | 95816;95818 | 916
Las Vegas | NV | 89102;89117;89123 | 702
Phoenix | AZ | 85004;85016;85018 | 602
Tucson | AZ | 85705;85719 | 520
Denver | CO | 80203;80205;80211;80218 | 303
Boulder | CO | 80302;80304 | 303
Salt Lake City | UT | 84102;84105;84111 | 801
Boise | ID | 83702;83706 | 208
Albuquerque | NM | 87102;87106;87110 | 505
Austin | TX | 78702;78704;78745;78751 | 512
Dallas | TX | 75204;75206;75214 | 214
Houston | TX | 77006;77008;77019 | 713
San Antonio | TX | 78209;78212 | 210
Oklahoma City | OK | 73102;73118 | 405
Kansas City | MO | 64108;64111;64113 | 816
St. Louis | MO | 63104;63110;63118 | 314
Minneapolis | MN | 55403;55405;55408;55414 | 612
Saint Paul | MN | 55102;55105 | 651
Chicago | IL | 60614;60618;60622;60657 | 312
Evanston | IL | 60201;60202 | 847
Milwaukee | WI | 53202;53211 | 414
Madison | WI | 53703;53705 | 608
Detroit | MI | 48201;48207 | 313
Ann Arbor | MI | 48103;48104 | 734
Columbus | OH | 43201;43206;43215 | 614
Cleveland | OH | 44102;44113 | 216
Cincinnati | OH | 45202;45208 | 513
Indianapolis | IN | 46202;46205;46220 | 317
Nashville | TN | 37203;37206;37212 | 615
Memphis | TN | 38104;38111 | 901
Louisville | KY | 40204;40205 | 502
Atlanta | GA | 30306;30307;30309;30312 | 404
Savannah | GA | 31401;31405 | 912
Charlotte | NC | 28203;28204;28205 | 704
Raleigh | NC | 27601;27605;27608 | 919
Durham | NC | 27701;27705 | 919
Charleston | SC | 29401;29403 | 843
Miami | FL | 33130;33133;33137 | 305
Orlando | FL | 32801;32803;32806 | 407
Tampa | FL | 33602;33606;33609 | 813
New Orleans | LA | 70115;70116;70119 | 504
Birmingham | AL | 35205;35209 | 205
Richmond | VA | 23220;23221;23225 | 804
Arlington | VA | 22201;22204 | 703
Washington | DC | 20001;20009;20010 | 202
Baltimore | MD | 21201;21211;21224 | 410
Philadelphia | PA | 19103;19123;19146 | 215
Pittsburgh | PA | 15206;15213;15217 | 412
New York | NY | 10003;10011;10025;10128 | 212
Brooklyn | NY | 11201;11215;11217;11238 | 718
Buffalo | NY | 14201;14222 | 716
Jersey City | NJ | 07302;07306 | 201
Hoboken | NJ | 07030 | 201
Boston | MA | 02116;02118;02130 | 617
Cambridge | MA | 02138;02139;02140 | 617
Providence | RI | 02903;02906 | 401
Hartford | CT | 06105;06106 | 860
Burlington | VT | 05401 | 802
Portland | ME | 04101;04102 | 207
Honolulu | HI | 96813;96815;96816 | 808
Anchorage | AK | 99501;99503 | 907
"""

STREETS = (
    "Maple Ave",
    "Oak St",
    "Cedar Ln",
    "Elm St",
    "Pine St",
    "Washington Ave",
    "Park Ave",
    "Lakeview Dr",
    "Highland Ave",
    "Sunset Blvd",
    "Willow Way",
    "Jefferson St",
    "Chestnut St",
    "Hillcrest Rd",
    "River Rd",
    "Lincoln Ave",
    "Magnolia Dr",
    "Spruce St",
    "Grant Ave",
    "Franklin St",
    "Prospect Ave",
    "Walnut St",
    "Harbor View Rd",
    "Juniper Ct",
    "Summit Ave",
    "Orchard Ln",
    "Birch Rd",
    "Meadow Ln",
    "College Ave",
    "Division St",
)

# Carrier sorting hubs a parcel from Reno passes through, by destination region.
REGION_OF_STATE = {
    **dict.fromkeys(("OR", "WA", "CA", "NV", "HI", "AK"), "west"),
    **dict.fromkeys(("AZ", "CO", "UT", "ID", "NM"), "mountain"),
    **dict.fromkeys(("TX", "OK", "LA", "AL", "TN", "GA", "FL", "SC", "NC", "KY"), "south"),
    **dict.fromkeys(("MO", "MN", "IL", "WI", "MI", "OH", "IN"), "midwest"),
    **dict.fromkeys(("VA", "DC", "MD", "PA", "NY", "NJ", "MA", "RI", "CT", "VT", "ME"), "northeast"),
}
HUBS = {
    "UPS": {
        "west": ("Sparks, NV", "Sacramento, CA"),
        "mountain": ("Sparks, NV", "Salt Lake City, UT"),
        "south": ("Sparks, NV", "Salt Lake City, UT", "Louisville, KY"),
        "midwest": ("Sparks, NV", "Salt Lake City, UT", "Hodgkins, IL"),
        "northeast": ("Sparks, NV", "Louisville, KY", "Parsippany, NJ"),
    },
    "FedEx": {
        "west": ("Reno, NV", "West Sacramento, CA"),
        "mountain": ("Reno, NV", "Salt Lake City, UT"),
        "south": ("Reno, NV", "Memphis, TN"),
        "midwest": ("Reno, NV", "Memphis, TN", "Indianapolis, IN"),
        "northeast": ("Reno, NV", "Memphis, TN", "Newark, NJ"),
    },
    "USPS": {
        "west": ("Reno, NV", "Sacramento, CA Distribution Center"),
        "mountain": ("Reno, NV", "Salt Lake City, UT Distribution Center"),
        "south": (
            "Reno, NV",
            "Salt Lake City, UT Distribution Center",
            "Dallas, TX Network Distribution Center",
        ),
        "midwest": (
            "Reno, NV",
            "Salt Lake City, UT Distribution Center",
            "Chicago, IL Network Distribution Center",
        ),
        "northeast": (
            "Reno, NV",
            "Chicago, IL Network Distribution Center",
            "Jersey City, NJ Network Distribution Center",
        ),
    },
}


def demo_cities() -> list[City]:
    """Every city addresses are drawn from."""
    return [
        City(name=name, state=state, zips=tuple(zips.split(";")), area_code=area)
        for name, state, zips, area in table_rows(_CITIES, 4)
    ]
