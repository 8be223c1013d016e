"""The GraphQL documents the adapter sends (Admin API; field names as documented on shopify.dev).

Connection sizes keep each query well under Shopify's 1,000-point single-query cost limit: an order
with more than 50 lines or 5 fulfillments is read up to those bounds (docs/shopify.md).
"""

from __future__ import annotations

CUSTOMER_FIELDS = """
fragment CustomerParts on Customer {
  id
  firstName
  lastName
  defaultEmailAddress { emailAddress }
  defaultPhoneNumber { phoneNumber }
  defaultAddress { zip }
  addresses(first: 10) { zip }
}
"""

MONEY = "shopMoney { amount currencyCode }"

ORDER_FIELDS = f"""
fragment OrderParts on Order {{
  id
  name
  createdAt
  processedAt
  cancelledAt
  displayFinancialStatus
  displayFulfillmentStatus
  currencyCode
  customer {{ id }}
  totalPriceSet {{ {MONEY} }}
  totalRefundedSet {{ {MONEY} }}
  shippingAddress {{ name address1 address2 city provinceCode zip countryCodeV2 }}
  lineItems(first: 50) {{
    nodes {{
      id
      title
      variantTitle
      quantity
      currentQuantity
      unfulfilledQuantity
      discountedUnitPriceSet {{ {MONEY} }}
      variant {{ id }}
      product {{ id productType tags }}
    }}
  }}
  fulfillments(first: 5) {{
    id
    status
    displayStatus
    createdAt
    inTransitAt
    deliveredAt
    estimatedDeliveryAt
    trackingInfo(first: 3) {{ company number url }}
    events(first: 10) {{ nodes {{ happenedAt status message city province }} }}
    fulfillmentLineItems(first: 25) {{ nodes {{ id quantity lineItem {{ id }} }} }}
  }}
  refunds(first: 5) {{
    id
    createdAt
    note
    totalRefundedSet {{ {MONEY} }}
    transactions(first: 2) {{
      nodes {{ status gateway formattedGateway paymentDetails {{ ... on CardPaymentDetails {{ company number }} }} }}
    }}
  }}
  transactions(first: 10) {{
    id
    kind
    status
    gateway
    formattedGateway
    amountSet {{ {MONEY} }}
    paymentDetails {{ ... on CardPaymentDetails {{ company number }} }}
  }}
}}
"""

CUSTOMERS_SEARCH = (
    """
query CustomersSearch($query: String!) {
  customers(first: 10, query: $query) { nodes { ...CustomerParts } }
}
"""
    + CUSTOMER_FIELDS
)

CUSTOMER_BY_ID = (
    """
query CustomerById($id: ID!) {
  customer(id: $id) { ...CustomerParts }
}
"""
    + CUSTOMER_FIELDS
)

ORDER_BY_NAME = (
    """
query OrderByName($query: String!) {
  orders(first: 1, query: $query) { nodes { ...OrderParts } }
}
"""
    + ORDER_FIELDS
)

CUSTOMER_ORDERS = (
    """
query CustomerOrders($query: String!, $first: Int!) {
  orders(first: $first, query: $query, sortKey: PROCESSED_AT, reverse: true) { nodes { ...OrderParts } }
}
"""
    + ORDER_FIELDS
)

VARIANT = """
query Variant($id: ID!) {
  productVariant(id: $id) {
    id
    title
    price
    availableForSale
    inventoryQuantity
    product { id title }
  }
}
"""

ORDER_CANCEL = """
mutation OrderCancel(
  $orderId: ID!
  $reason: OrderCancelReason!
  $refundMethod: OrderCancelRefundMethodInput!
  $restock: Boolean!
  $notifyCustomer: Boolean
  $staffNote: String
) {
  orderCancel(
    orderId: $orderId
    reason: $reason
    refundMethod: $refundMethod
    restock: $restock
    notifyCustomer: $notifyCustomer
    staffNote: $staffNote
  ) {
    job { id done }
    orderCancelUserErrors { field message code }
  }
}
"""

ORDER_EDIT_BEGIN = """
mutation OrderEditBegin($id: ID!) {
  orderEditBegin(id: $id) {
    calculatedOrder { id lineItems(first: 50) { nodes { id quantity variant { id } } } }
    userErrors { field message }
  }
}
"""

ORDER_EDIT_SET_QUANTITY = """
mutation OrderEditSetQuantity($id: ID!, $lineItemId: ID!, $quantity: Int!, $restock: Boolean) {
  orderEditSetQuantity(id: $id, lineItemId: $lineItemId, quantity: $quantity, restock: $restock) {
    calculatedLineItem { id quantity }
    userErrors { field message }
  }
}
"""

ORDER_EDIT_ADD_VARIANT = """
mutation OrderEditAddVariant($id: ID!, $variantId: ID!, $quantity: Int!) {
  orderEditAddVariant(id: $id, variantId: $variantId, quantity: $quantity, allowDuplicates: false) {
    calculatedLineItem { id quantity }
    userErrors { field message }
  }
}
"""

ORDER_EDIT_COMMIT = """
mutation OrderEditCommit($id: ID!, $notifyCustomer: Boolean, $staffNote: String) {
  orderEditCommit(id: $id, notifyCustomer: $notifyCustomer, staffNote: $staffNote) {
    order { id }
    userErrors { field message }
  }
}
"""

REFUND_CREATE = f"""
mutation RefundCreate($input: RefundInput!) {{
  refundCreate(input: $input) {{
    refund {{ id totalRefundedSet {{ {MONEY} }} }}
    userErrors {{ field message }}
  }}
}}
"""

RETURN_CREATE = """
mutation ReturnCreate($returnInput: ReturnInput!) {
  returnCreate(returnInput: $returnInput) {
    return { id name status }
    userErrors { field message code }
  }
}
"""

ORDER_UPDATE = """
mutation OrderUpdate($input: OrderInput!) {
  orderUpdate(input: $input) {
    order { id shippingAddress { name address1 address2 city provinceCode zip countryCodeV2 } }
    userErrors { field message }
  }
}
"""
