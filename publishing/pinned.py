"""The official schema and codelist files this release of DREAM is pinned to, with their SHA-256.

`dream standards download` fetches them from the standards' site and refuses any file whose hash differs.
"""

# Where each standard publishes the files of its pinned version.
SOURCES = {
    "oc4ids": "https://standard.open-contracting.org/infrastructure/schema/0__9__5/",
    "ocds": "https://standard.open-contracting.org/schema/1__1__5/",
}

# (standard, path within the standard's folder, SHA-256 of the official file)
PINNED_FILES: tuple[tuple[str, str, str], ...] = (
    ("oc4ids", "project-schema.json", "fa58e8b15fb4c591f8af0803f2326a0348c2637f5b708b41fac393497d6ca8c2"),
    ("oc4ids", "project-package-schema.json", "0592b7680818bd470e23e66dca725ef42221f947175a66b682aeaed58d9ddda5"),
    ("oc4ids", "codelists/assetClass.csv", "ef9a513db7da246aee8c99936b3a2582c19d292145f27cf1cd1c95600f562377"),
    (
        "oc4ids",
        "codelists/classificationScheme.csv",
        "aaee3d8c0f35680b4fd27305f22bc0bb8b441bb86bb258b9519f7bc055eec0dc",
    ),
    ("oc4ids", "codelists/climateMeasure.csv", "d8743b327c15c036e381808e4fe242367b39d82ccc4db1ec081fbb38b7b8008d"),
    (
        "oc4ids",
        "codelists/climateOversightTypes.csv",
        "c25bd4340ea80599d4b762459a98c410accc39c54c9e54a469e83d0425e6d99d",
    ),
    (
        "oc4ids",
        "codelists/conservationMeasure.csv",
        "84e5ed4388d3120e2c38c4f60348a2973c90a17aae7ffd3c786f998898ed4da2",
    ),
    (
        "oc4ids",
        "codelists/constructionMaterial.csv",
        "ef9bdd460f98ee54e5d25f63debfe5d5ab59db4c1107c5fc71cee5c3f49f7a39",
    ),
    ("oc4ids", "codelists/contractNature.csv", "df55f4ebb0ffc886a2a4e753abe441cb43b088c7ea9e855bf41271b9dd5cbfd4"),
    (
        "oc4ids",
        "codelists/contractingProcessStatus.csv",
        "921be7178195cca7e5c5fbf26dc633c0b10ac94b2d6c70bcc3940f0a97868265",
    ),
    ("oc4ids", "codelists/costCategory.csv", "87e6749e1d18672e9ad35035a867fcb9affe720b3df93b6742e600a4f1541e45"),
    ("oc4ids", "codelists/country.csv", "6fac577457ea988e83b829bef37ea4577b53166cbc3d09e97c7de15192482986"),
    ("oc4ids", "codelists/currency.csv", "26dddd557b70ea52a47ef6ef15dd85994d93692f7fab66e2852a52f7c944e6ae"),
    (
        "oc4ids",
        "codelists/debtRepaymentPriority.csv",
        "d07cd74529768933c1ab20012b86b882df9ebb1d5b10cb2b816440c547d9a45a",
    ),
    ("oc4ids", "codelists/documentType.csv", "e6cd8483cb8695976629e837785ba77313e0619e98c3d871c691ec9070729428"),
    ("oc4ids", "codelists/environmentalGoal.csv", "f8bcc8e5b7aff814aad7b5765ed4de99b9f5bf8faab886c6a598c1ab62cc29bb"),
    (
        "oc4ids",
        "codelists/environmentalMeasure.csv",
        "80a1ae5e1010256ab52e07b7d6bf6542fa393b62d4cd3a26e4398c1e8533ccca",
    ),
    (
        "oc4ids",
        "codelists/financingArrangementType.csv",
        "4cb5e974ca7a0d0330ac93cdc5cfd4a62a59ff14f6b66d906cbfb59be9d65400",
    ),
    ("oc4ids", "codelists/financingPartyType.csv", "441b5ad56de43c8b76beef38026d3bb54c987c4aba54960909b4e9aa56db55e1"),
    ("oc4ids", "codelists/geometryType.csv", "1d1a743068ffd92f1057919cb3f9623779f13098f39431517562af62cdf3cdb4"),
    ("oc4ids", "codelists/laborObligations.csv", "c1129ccc12b9c27043e2ec8e30032b931df1422901a91d91c8cbec62f8c7fe98"),
    ("oc4ids", "codelists/locationGazetteers.csv", "bd8db303c743b884521cd5fbcdabb9b81d6b7985f1cd13bcc1b85723f282b60c"),
    ("oc4ids", "codelists/method.csv", "c6b4d23ca6bb18c1754c02f69af743564ad9ddd86426938a4fc7469f456c38b4"),
    ("oc4ids", "codelists/metricID.csv", "9fd268a38947221c6ac98c7a0170c88df3e0f21e2987ca557a09769f3121ba97"),
    ("oc4ids", "codelists/milestoneCode.csv", "09c08bd807ca0f3fcdb6a2291a170b9f4d1254e621dca545f77f5847b1cdbe7a"),
    ("oc4ids", "codelists/milestoneStatus.csv", "ee8bd7b14dcdaec97bf5b2b68e0be4690b252e847a4ea009b49834666b2d4925"),
    ("oc4ids", "codelists/milestoneType.csv", "c60c618681f1b58fc09c6f921a7075f06c617be6b84c16da96d04da55668cf9b"),
    ("oc4ids", "codelists/modificationType.csv", "cfbdf46f7cc9248673e1077215a0ef20cb1d2c891de252300071a85b9e0101e8"),
    ("oc4ids", "codelists/partyRole.csv", "95c1c6dafd758e1b13e0dd34b6034066237b6fd19bb630e4cce99e6601235d54"),
    ("oc4ids", "codelists/policyAlignment.csv", "e71800c8ddbb1f0d33ae8e2f81b5244696212b86ddda088d7cd01fb9d43df9e0"),
    ("oc4ids", "codelists/projectSector.csv", "7f876861379f15efa1294c88040af30c1f0212376b41fca6c186e4732a04b74a"),
    ("oc4ids", "codelists/projectStatus.csv", "e5d97d8b66ff64bb668f0ab84f55dcf875a5f09ba36463c0a6d1fc41af72836b"),
    ("oc4ids", "codelists/projectType.csv", "7b2910d53155cd3636df8c45dc2c7a0c75f20553ff579535aa30737f215fe3a0"),
    ("oc4ids", "codelists/relatedProject.csv", "c3690fd97bdc975ee429684b3b4008c88d8e52b17cd1f0dcd18ed906683a2de5"),
    (
        "oc4ids",
        "codelists/relatedProjectScheme.csv",
        "79cefd0ec42a786a4e06ba6c6fe928d044e7713a1a483b65699d55d050632432",
    ),
    ("oc4ids", "codelists/releaseTag.csv", "3743374095e80fd4ba0cbed5ef57193e80464ba46db7fe13c3df6a26be44e3b3"),
    (
        "oc4ids",
        "codelists/sustainabilityStrategy.csv",
        "9c5e75a2e1f090b260d50688fe166238ae9b50a55e514a8bffc04271c2ec774d",
    ),
    (
        "oc4ids",
        "codelists/unitClassificationScheme.csv",
        "897fbc94e9c1d2f152c6b43f5f1ac0ec34cb082a3a030d2e039bae3676be32f5",
    ),
    ("ocds", "release-schema.json", "fac192e1ccfb061f5164bdb2d64c29e517c0f81661996b97de40cebc55a2c1bc"),
    ("ocds", "release-package-schema.json", "06577cec73cc16eca0cac331a7ea9ee9cd684b21c55f5f0711f7442623153698"),
    ("ocds", "record-package-schema.json", "ba7bc9acfc307b6f311a54a62f686f1d9e199e61712314f995a090b660168da1"),
    (
        "ocds",
        "versioned-release-validation-schema.json",
        "7b0271756c954eba16fdd1b364811aaf5381d23d057400b906a2aa978dc5cf84",
    ),
    ("ocds", "dereferenced-release-schema.json", "6778b37c5c4bf1fc7c774bc077052f934c2143a10284e3dc18c387b28becd3d1"),
    ("ocds", "meta-schema.json", "5a67c98a5d2be49ead79bf9e99b89cf5e6a917bde0e03121e578e6a099cbebe6"),
    ("ocds", "codelists/awardCriteria.csv", "6776393922bfc6adc3fcbb6fa033761c6587ba36d9a57783c0a6219c8a2ca14d"),
    ("ocds", "codelists/awardStatus.csv", "5818077c8cd6e8678fa4d64e0b49be70144eb36bae4b500d257e15da92e9171a"),
    ("ocds", "codelists/contractStatus.csv", "44cf2919c4912819af130d8805dab840186e35710848cec0d76aeb5c09a60791"),
    ("ocds", "codelists/currency.csv", "c9c53f5367d44f4893610e01ccd03c513d41b094824263f2f0d25eb8133cdef5"),
    ("ocds", "codelists/documentType.csv", "2d409b9a3b16cb2bb118c1d7f07b966c56c4870ef22316f2a4ab3dd2cb46740a"),
    (
        "ocds",
        "codelists/extendedProcurementCategory.csv",
        "eb8964719383ac40a3d16a4ac0376ee6bf317645d9e5e615b070978b4e0eeedf",
    ),
    ("ocds", "codelists/initiationType.csv", "1fdb672ae765cfa93413240028cbce32a836d95450e9e03cbe7cdd5fc85dfeba"),
    (
        "ocds",
        "codelists/itemClassificationScheme.csv",
        "8692802129e9768002909fa418c2b7999ba5f4545145df850be8974557ef71ad",
    ),
    ("ocds", "codelists/method.csv", "8a956d41ead70abe583c6d0121729ec8a0ffb4f1c9aa18017d587ff794d8a589"),
    ("ocds", "codelists/milestoneStatus.csv", "f94f77b2e02f232e0167e0c6d554b72bfd7b8f1bbd0aaa92b8c26be395634ac7"),
    ("ocds", "codelists/milestoneType.csv", "29facf51886a1b2dba870583cbedde2a2d5ce70ca1ad2050f26057ee92fed94d"),
    ("ocds", "codelists/partyRole.csv", "a620f9b75533d55212cf28c6fd65ebaa92b688f173e85baee66c2f7b33aaef72"),
    ("ocds", "codelists/procurementCategory.csv", "4a9690b192de0c07a67c97114c0f3005c25a029af1a9cdb277e50fbacdddb295"),
    ("ocds", "codelists/relatedProcess.csv", "771f7a562576e1d23c306add087de2f481de590a8afba301bb9219f3f1a2f3b6"),
    ("ocds", "codelists/relatedProcessScheme.csv", "48fc471501f47d38c20b3876dc18182eec42139f93cca125aff68e3ab2608e2c"),
    ("ocds", "codelists/releaseTag.csv", "93715540f04370186106503672ad8f3336e1afb08d98be94237652fd081e2aec"),
    ("ocds", "codelists/submissionMethod.csv", "602446eab2b27ae780f2294df8d5f8c7f60ded7bbd2b3c41eb3b3d016eb2bb04"),
    ("ocds", "codelists/tenderStatus.csv", "5737af013aad1d11fa21c48adede7e528b7fe4e56b5d64f220dce360a24728f0"),
    (
        "ocds",
        "codelists/unitClassificationScheme.csv",
        "5865b72764974981bf0a647fe3381066f0b73aa5ece9972a0db0ece8b009d9d6",
    ),
)
